using System.Text.RegularExpressions;

namespace RoleBot.Understanding;

/// <summary>
/// The phrasings that signal each intent, matched against the cleaned, spell-fixed, lower-case text.
/// They describe how people ask, not particular sentences: each is a family of wordings.
/// </summary>
internal static partial class Cues
{
    public static Regex Greeting => GreetingRegex();
    [GeneratedRegex(@"^(hi+|hello+|hey+|hiya|yo|howdy|greetings|good (morning|afternoon|evening|day)|thanks?( you)?( so much| a lot)?|thx|ty|cheers|much appreciated|appreciate it|bye|goodbye|see (you|ya)|cya|ok thanks|great thanks|awesome|nice|cool|perfect)( (mate|rolebot|bot|team|all|everyone|there|again|folks))*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GreetingRegex();
    public static Regex GreetingPrefix => GreetingPrefixRegex();
    [GeneratedRegex(@"^(hi+|hello+|hey+|hiya|yo|howdy|good (morning|afternoon|evening|day)|thanks?( you)?( so much| a lot| again)?|thx|ty|cheers|bye|goodbye|see (you|ya)( later| soon)?|cya|great|awesome|cool|ok|okay)( (there|rolebot|bot|team|all|everyone|folks|mate))?\b[ ,!.-]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GreetingPrefixRegex();

    public static Regex Help => HelpRegex();
    [GeneratedRegex(@"^(help|help me|help please|usage|commands|menu|options|\?)$|what (can|do) you (do|help|know|answer)|what can i ask|how (do|can|should) i use (you|this|rolebot|the bot)|how does (this|the|rolebot)( bot| thing| app)? work|\bcommands?\b.*\b(there|available|have|support|list)\b|^(list|show)( me)?( the| your| all)? commands|what are (your|the) commands|list (of )?(your |the )?commands|what is rolebot|who are you|what are you|show me what you can do|how to use (you|this|rolebot|the bot)|\bhelp (menu|page|text)\b|\bwhat (kind|kinds|sort|sorts|type|types) of (questions|things|stuff)\b|\bhow (do|can|should) i (talk|speak|chat) (to|with) you\b|\bquestions (can|do) you (answer|handle|take)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HelpRegex();

    public static Regex ListRoles => ListRolesRegex();
    [GeneratedRegex(@"^roles$|(which|what|list|show|name)( me)?( all| the| all the)? (roles|jobs|job titles|positions|careers)\b.*\b(you|there|know|cover|support|explain|exist|available|covered)|^(list|show)( me)?( all| the| all the)? roles|(roles|jobs) (do|can) you (know|cover|explain|talk)|what roles are (there|covered)|which roles (can|do) you|\b(every|all|each)( of the| the)? roles?\b.*\byou\b|\broles\b.*\b(you (know|support|cover|have|handle)|your (knowledge|list|scope))\b|\b(job )?roles (are|do) (in|you)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListRolesRegex();

    public static Regex Who => WhoRegex();
    [GeneratedRegex(@"^(so |and |but |ok |okay )?who(se)?\b.*\b(own|owns|owning|responsible|handle|handles|write|writes|do|does|manage|manages|maintain|maintains|set|sets|define|defines|build|builds|run|runs|fix|fixes|create|creates|take care|takes care|look after|looks after|in charge|deal with|deals with|configure|configures|design|designs|care|job|task|responsibility|should|lead|leads|get paged|gets paged|set up|sets up|decide|decides|approve|approves)\b|^who(se|s)?\b|\bwhich (role|team|engineer|person|group)s? (own|owns|handle|handles|is responsible|does|manage|manages|write|writes|take|takes|set|sets|build|builds|run|runs|maintain|maintains|looks after|deals with|gets)\b|\b(whose) (job|task|responsibility|problem)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhoRegex();

    /// <summary>"Responsible for" and the like ask "who" only when no role is the subject.</summary>
    public static Regex WhoWeak => WhoWeakRegex();
    [GeneratedRegex(@"\bresponsible for\b|\bin charge of\b|\bowner of\b|\bowns\b|\bon the hook\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhoWeakRegex();

    public static Regex Fit => FitRegex();
    [GeneratedRegex(@"\b(suit|suits|fit|fits)( me| for me| my)\b|\bright (role|fit|path|career|job) for me\b|\b(role|one|path|career|job) (for me|suits me|fits me|is right for me)\b|\bshould i (be|become|choose|pick|go|do|switch|aim|try|get into|move into|pursue|focus)\b|\bwhich (role|one|path|career|job)s? (should|would|is best|suits|fits|is right|is for|is better|do you recommend|matches)\b|\bi (enjoy|like|love|prefer|hate|dislike|am into|'m into|am good at|'m good at|am passionate|'m passionate|care about|get excited)\b|\bim (into|good at|passionate)\b|\b(best|right|good) (role|fit|match|career|path) for\b|\b(torn|deciding|undecided|not sure|unsure|confused) (between|which|what|about which)\b|\bhelp me (pick|choose|decide)\b|\bmatch me\b|\b(what|which) (role|job|career|path)s? (fits|suits|would suit|would fit|is best|is right|should)\b|\bfits? (me )?best\b|\b(who|that) (likes|loves|enjoys|prefers|hates|gets)\b|\bpeople person\b|\bwhich (role|job|one|path)\W*$|\bam i (more|a better|better)\b|\bwhat (role|career) (should|would)\b|\bcareer (advice|choice)\b|\bwhich .* is right for me\b|\bright for me\b|\bwhich .* (suits|fits) me\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FitRegex();

    public static Regex Interview => InterviewRegex();
    [GeneratedRegex(@"\binterview(s|ing|er|ers)?\b|\bhiring (manager|process|loop)s?\b|\bscreening call\b|\bjob interview\b|\b(questions|qs) (will|do|might|would|can) (they|i|you) (ask|get|expect)\b|\bwhat (do|will) they ask\b|\bask in an?\b|\bmock interview\b|\bonsite\b|\binterview loop\b|\bprep(are|aring)? for (a|an|the|my) .*\b(loop|round|screen|panel)\b|\btechnical screen\b|\btake.?home\b|\bcoding (challenge|test|exercise)\b|\bwhiteboard\w*|\bsystem design round\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InterviewRegex();

    public static Regex Collaborate => CollaborateRegex();
    [GeneratedRegex(@"\bwork(ing)? (together|with each other|alongside|hand in hand)\b|\bcollaborat\w*|\binteract(ion|ions|s)?\b|\bhand ?-?offs?\b|\bhandover\b|\brelationship\b|\bteam (structure|topology|setup)\b|\borg (structure|chart|design)\b|\bcity analogy\b|\banalogy\b|\b(small|smaller|tiny) (company|companies|startup|startups|team|teams|org|orgs)\b|\b(large|larger|big|bigger) (company|companies|enterprise|enterprises|org|orgs|organisations|organizations)\b|\bstartups?\b.*\b(vs|versus|compared|and)\b.*\b(enterprise|big|large)\b|\blife ?cycle of\b|\blife of an? (new )?(service|microservice|feature|change|request|release|app)\b|\bsplit (the )?work\b|\bstructured\b|\bsame team\b|\bhand (\w+ )?off\b|\bfrom idea to production\b|\bwork off\b|\bfit together\b|\bwho works with\b|\bwork with (the |a |an )?(other|each)\b|\bdepend on each other\b|\bhow do (they|the roles|these roles|all)\b.*\b(together|connect|relate)\b|\b(relate|connect) to each other\b|\bhow .* work with\b|\bhow .* (support|help)s? (each other|the other)\b|\bcoordinate\b|\bcooperat\w*|\bpartner(s|ing)? (with|on)\b|\bjoint(ly)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CollaborateRegex();

    public static Regex Tools => ToolsRegex();
    [GeneratedRegex(@"\btools?\b|\btooling\b|\btech ?stack\b|\bstack\b|\btechnolog(y|ies)\b|\bsoftware (do|does|they|an?|the)\b.*\buse\b|\b(use|using|uses) (day to day|daily|every day|on the job)\b|\bwhat (do|does) .* use\b|\bwhich .* (do|does) .* use\b|\bplatforms and frameworks\b|\bday ?-?to ?-?day (kit|toolkit|toolbox)\b|\btoolkit\b|\btoolbox\b|\btoolchain\b|\bobservability stack\b|\btech\b|\beditors?\b|\bides?\b|\bframeworks?\b|\bwhat software\b|\bused by\b|\bstill used\b|\b(do|does)\b.*\buse\b|\bwhich (cloud|language|languages|monitoring|ci)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ToolsRegex();

    public static Regex Skills => SkillsRegex();
    [GeneratedRegex(@"\bskill(s|set)?\b|\blearn(ing|t|ed)?\b|\bbecome\b|\bbecoming\b|\bget into\b|\bbreak into\b|\bgetting into\b|\btransition(ing)?\b|\bswitch(ing)? (to|into|careers?)\b|\bmove (to|into)\b|\bmoving (to|into)\b|\bcareer (path|change|switch|progression)\b|\bpath (to|into)\b|\broadmap\b|\bcertif\w*|\bstudy\b|\bneed to know\b|\brequirements?\b|\bqualif\w*|\bbackground (do|for|in)\b|\bprerequisites?\b|\bhow to start\b|\bstart(ing)? (out|a career)\b|\bwhat should i (know|master|practice|focus on)\b|\bfundamentals\b|\bgrow into\b|\bupskill\w*|\blevel up\b|\bland (a|my|an|the) (first )?(job|role)\b|\bneed to (code|program)\b|\bhow (do|can) i (be|get) (a|an)\b|\bcompetenc\w*|\bcerts?\b|\brequired\b|\bgrow (from|into|as)\b|\bjunior\b|\bsenior\b|\bswitch(ing|ed)? from\b|\bwhere (do|should|can) i (start|begin)\b|\bgaps?\b|\bknowledge (of|required|needed)\b|\bknowledge (do|does|is)\b.*\bneed", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SkillsRegex();

    public static Regex Compare => CompareRegex();
    [GeneratedRegex(@"\bvs\.?\b|\bversus\b|\bv\.?s\b|\bdiff(erence|erences|erent|er|ers|erentiate|erentiates)?\b|\bcompare[sd]?\b|\bcomparison\b|\bcomparing\b|\bdistinguish\w*|\bsame (as|thing)\b|\bsimilar\w*\b|\b(overlap|contrast)\b|\bbetween\b|\bor\b|\bwhich is (better|harder|easier)\b|\bbetter than\b|\bcontrast\b|\bb/w\b|\bside by side\b|\bapart\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CompareRegex();

    public static Regex Definitional => DefinitionalRegex();
    [GeneratedRegex(@"\bwhat('| i)?s\b|\bwhat (is|are)\b|\bdefin(e|ition)\b|\bmean(s|ing)?\b|\bstand(s)? for\b|\bexplain\b|\bdescribe\b|\btell me about\b|\bmeaning of\b|\bwhats\b|\bintro to\b|\beli5\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefinitionalRegex();

    /// <summary>Lucene/boolean query syntax typed as a message ("C++ AND (", "title:sre^3 OR *").</summary>
    public static Regex QuerySyntax => QuerySyntaxRegex();
    [GeneratedRegex(@"(\b[a-zA-Z]+:[^\s/]|\^\d|(^|\s)(AND|OR|NOT)(\s|$)|\*:\*|(^|\s)[*?](\s|$)|\w[*?]\w|\w~\d?(\s|$)|\\|^[^a-zA-Z]*$)", RegexOptions.CultureInvariant)]
    private static partial Regex QuerySyntaxRegex();

    /// <summary>True for text that reads as search syntax: operators, fields, boosts, or unbalanced brackets.</summary>
    /// <remarks>
    /// An unbalanced bracket or quote alone only counts in a short message: in a sentence it is a
    /// smiley ":)" or an unfinished aside, not a query.
    /// </remarks>
    public static bool LooksLikeQuerySyntax(string text)
    {
        if (QuerySyntax.IsMatch(text)) return true;
        var unbalanced = Unbalanced(text, '(', ')') || Unbalanced(text, '[', ']') || Unbalanced(text, '{', '}') || text.Count(c => c == '"') % 2 == 1;
        return unbalanced && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetter)) <= 3;
    }

    private static bool Unbalanced(string text, char open, char close) => text.Count(c => c == open) != text.Count(c => c == close);

    /// <summary>Jobs outside RoleBot's catalog, which must not be answered as if they were ours.</summary>
    public static Regex OtherProfession => OtherProfessionRegex();
    [GeneratedRegex(@"\b(security|data|ml|machine learning|ai|qa|test|network|hardware|mechanical|civil|electrical|sales|support|solutions?|product|project|program|ux|ui|game|embedded|database|prompt|analytics|marketing|customer success|release)\s+(engineer|engineers|engineering|scientist|scientists|manager|managers|analyst|analysts|designer|designers|architect|architects|owner|owners|admin|administrator|administrators)\b|\b(nurse|nurses|lawyer|lawyers|doctor|doctors|teacher|teachers|accountant|accountants|chef|chefs|pilot|pilots|plumber|plumbers|electrician|electricians|dentist|dentists|pharmacist|pharmacists|architect|architects|dba|dbas|scrum master|scrum masters|data scientist|data scientists|data analyst|data analysts|recruiter|recruiters|ceo|cto|cfo)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OtherProfessionRegex();


    /// <summary>Words the cues are made of: kept safe from spell-fixing and preferred as corrections.</summary>
    public static IEnumerable<string> Lexicon => Words.Concat(
        new[] { Greeting, Help, ListRoles, Who, Fit, Interview, Collaborate, Tools, Skills, Compare, Definitional }
            .SelectMany(r => Regex.Matches(Regex.Replace(r.ToString(), @"\\[a-zA-Z]", " "), "[a-z]{4,}").Select(m => m.Value)))
        .Distinct();

    private static readonly string[] Words =
    [
        "interview", "interviews", "interviewing", "interviewer", "responsibilities", "responsibility", "responsible",
        "tools", "tooling", "technology", "technologies", "skills", "skill", "learn", "learning", "become", "career",
        "compare", "comparison", "difference", "different", "differences", "versus", "between", "collaborate",
        "collaboration", "together", "relationship", "handoff", "analogy", "startup", "company", "companies",
        "enterprise", "certification", "certifications", "roadmap", "prepare", "preparation", "questions",
        "explain", "meaning", "define", "definition", "describe", "owns", "owner", "handles", "maintains",
        "writes", "manages", "suits", "prefer", "enjoy", "passionate", "recommend", "hello", "thanks", "please",
        "engineer", "engineers", "engineering", "developer", "developers", "reliability", "platform", "platforms",
        "infrastructure", "kubernetes", "monitoring", "observability", "pipeline", "pipelines", "deployment",
        "deployments", "incident", "incidents", "postmortem", "postmortems", "runbook", "runbooks", "typical",
        "success", "successful", "misconception", "misconceptions", "transition", "switch", "what", "which", "should",
    ];
}
