using System.Text.RegularExpressions;

namespace RoleBot.Understanding;

/// <summary>
/// The few things decided by exact rules rather than by meaning: a greeting alone, text that is
/// search syntax, whether a question asks for a definition, and the words the spell-fixer must never
/// "correct". Which intent a question has is the classifier's job (<see cref="MessageInterpreter"/>).
/// </summary>
internal static partial class Cues
{
    public static Regex Greeting => GreetingRegex();
    [GeneratedRegex(@"^(hi+|hello+|hey+|hiya|yo|howdy|greetings|good (morning|afternoon|evening|day)|thanks?( you)?( so much| a lot)?|thx|ty|cheers|much appreciated|appreciate it|bye|goodbye|see (you|ya)|cya|ok thanks|great thanks|awesome|nice|cool|perfect)( (mate|rolebot|bot|team|all|everyone|there|again|folks))*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GreetingRegex();
    public static Regex GreetingPrefix => GreetingPrefixRegex();
    [GeneratedRegex(@"^(hi+|hello+|hey+|hiya|yo|howdy|good (morning|afternoon|evening|day)|thanks?( you)?( so much| a lot| again)?|thx|ty|cheers|bye|goodbye|see (you|ya)( later| soon)?|cya|great|awesome|cool|ok|okay)( (there|rolebot|bot|team|all|everyone|folks|mate))?\b[ ,!.-]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GreetingPrefixRegex();

    /// <summary>Someone new here ("just joined", "day 2", "new starter"): where-to-ask questions are onboarding.</summary>
    public static Regex Newcomer => NewcomerRegex();
    [GeneratedRegex(@"\b(new here|i'?m new|i am new|new (starter|joiner|hire|dev|engineer|to the (team|company|org))|just (joined|started)|first (day|week|month|days)|day (one|two|three|1|2|3)\b|started (today|yesterday|on monday|this week|last week)|onboarding|newbie|intern)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NewcomerRegex();

    /// <summary>"In detail", "everything about": the long form of an answer.</summary>
    public static Regex Detailed => DetailedRegex();
    [GeneratedRegex(@"\b(in (more |full |great )?detail|detailed|everything (about|on)|full (answer|version|details|picture)|long (version|form|answer)|tell me more|deep[- ]dive|elaborate)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DetailedRegex();

    /// <summary>"In one sentence", "tl;dr", "briefly": the answer is at most two sentences, no table.</summary>
    public static Regex Brief => BriefRegex();
    [GeneratedRegex(@"\b(in (one|a single|1|two|2|a couple of|a few) (short )?(sentences?|lines?|words)|tl;? ?dr|briefly|short version|in short|one[- ]liner|in a nutshell|keep it short|short answer|quick summary|summari[sz]e)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BriefRegex();

    /// <summary>A question that sounds urgent ("prod is down", "who do I page"): its answer names the on-call route.</summary>
    public static Regex Urgent => UrgentRegex();
    [GeneratedRegex(@"\b(down|outage|urgent(ly)?|asap|emergency|on fire|sev ?[0-2]|p[01]|pag(e|ed|ing)|escalat\w*|incident|broken|5\d\d|right now|immediately|red)\b|!!", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrgentRegex();

    /// <summary>"Where do I ask…", "which channel…", "who do I ping…": the answer is a team and a place.</summary>
    public static Regex WhereToAsk => WhereToAskRegex();
    [GeneratedRegex(@"\bwhere (do|can|should|would) (i|we) (ask|go|find|get|request|report|post|turn)|\bwhere to (ask|go|get|find)|\b(which|what) (slack |teams )?channel|\bwho (do|should|can|would) i (ask|ping|talk|go|contact|reach|page|escalate)|\bwho to (ask|ping|contact|talk)|\b(contact|reach|escalate)\b|\b(request|get) access", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhereToAskRegex();

    /// <summary>
    /// Pay ("how much does an SRE make", "which pays better", "salary"): out of scope whatever roles it
    /// names, since the corpus has no figures and a comparison table would pretend to answer.
    /// </summary>
    public static Regex Pay => PayRegex();
    [GeneratedRegex(@"\bsalar(y|ies)\b|\bcompensation\b|\bwages?\b|\bpay(s|ing)? (better|more|less|well|the most|best)\b|\b(better|best|highest|lowest|well|more|less|under|over|worst)[- ]paid\b|\bpaid (more|less|better|well|the most)\b|\bearn(s|ing)? (more|less|better|the most|a lot|well|[$£€]|\d)|\bhow much (do|does|can|will|would) [^?.!]{0,40}\b(make|earn|get paid)\b|\bpay (scale|band|range|grade)s?\b|\bpay ?(rise|raise)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PayRegex();

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


    /// <summary>Words the cues are made of: kept safe from spell-fixing and preferred as corrections.</summary>
    public static IEnumerable<string> Lexicon => Words.Concat(
        new[] { Greeting, Definitional }
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
