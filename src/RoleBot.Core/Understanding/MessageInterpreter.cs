using System.Text.RegularExpressions;
using RoleBot.Knowledge;
using RoleBot.Search;
using RoleBot.Text;

namespace RoleBot.Understanding;

/// <summary>
/// Turns one message into an <see cref="Understood"/>: slash commands map straight to intents; free
/// text is cleaned, spell-fixed, scanned for role names and glossary terms, and read by the cue
/// families in <see cref="Cues"/> in a fixed order of precedence. Questions that need the corpus to
/// decide (who owns a task, which role fits, which term was meant) are settled with the index.
/// </summary>
public sealed partial class MessageInterpreter
{
    public const int MaxMessageLength = 4000;

    private readonly KnowledgeBase _knowledge;
    private readonly PassageIndex _index;
    private readonly SpellFixer _spell;
    private readonly PhraseMatcher _roles;
    private readonly PhraseMatcher _terms;
    private readonly Dictionary<string, Passage> _termPassages = [];

    public MessageInterpreter(KnowledgeBase knowledge, PassageIndex index)
    {
        _knowledge = knowledge;
        _index = index;
        _spell = new SpellFixer(knowledge.Vocabulary, Cues.Lexicon.Concat(knowledge.Catalog.Roles.SelectMany(r => r.Aliases).SelectMany(a => Words.Tokenize(a))));
        _roles = new PhraseMatcher(_spell.IsKnown);
        foreach (var role in knowledge.Catalog.Roles)
            foreach (var alias in role.Aliases) _roles.Add(role.Id, alias);
        _terms = new PhraseMatcher(_spell.IsKnown);
        foreach (var p in knowledge.Passages.Where(p => p.Kind == PassageKind.Glossary))
        {
            var key = p.Id.ToString();
            _termPassages[key] = p;
            foreach (var name in TermNames(p)) _terms.Add(key, name);
        }
    }

    /// <summary>"SLO (service level objective)" → "SLO", "service level objective", plus the aliases.</summary>
    private static IEnumerable<string> TermNames(Passage p)
    {
        var m = Regex.Match(p.Heading, @"^(.*?)\s*\((.*)\)\s*$");
        if (m.Success) { yield return m.Groups[1].Value; yield return m.Groups[2].Value; }
        else
            foreach (var part in p.Heading.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                yield return part;
        foreach (var alias in p.Aliases) yield return alias;
    }

    public Understood Interpret(string? message)
    {
        var text = Clean(message);
        if (text.Length == 0) return new Understood(Intent.Help, [], 1.0, text);
        if (text.StartsWith('/')) return SlashCommand(text);
        return FreeText(text);
    }

    /// <summary>Control characters out, whitespace folded, bot mentions dropped, length capped.</summary>
    public static string Clean(string? message)
    {
        if (string.IsNullOrEmpty(message)) return "";
        var s = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;
        s = new string(s.Select(c => char.IsControl(c) || char.IsSurrogate(c) && !char.IsLetter(c) ? ' ' : c).ToArray());
        s = MentionTag().Replace(s, " ");
        s = Regex.Replace(s, @"^\s*@rolebot\b[:,]?", " ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return Regex.Replace(s, @"\s+", " ").Trim();
    }

    // ---- slash commands ----

    private static readonly Dictionary<string, Intent> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["compare"] = Intent.Compare, ["role"] = Intent.Define, ["define"] = Intent.Define,
        ["interview"] = Intent.Interview, ["tools"] = Intent.Tools, ["skills"] = Intent.Skills,
        ["fit"] = Intent.Fit, ["who"] = Intent.Who, ["roles"] = Intent.Roles, ["help"] = Intent.Help,
        ["term"] = Intent.Concept, ["glossary"] = Intent.Concept,
    };

    private Understood SlashCommand(string text)
    {
        var m = Regex.Match(text, @"^/([A-Za-z-]+)\s*(.*)$");
        var name = m.Success ? m.Groups[1].Value.ToLowerInvariant() : "";
        var args = m.Success ? m.Groups[2].Value.Trim() : "";
        if (name == "rolebot")
        {
            // "/rolebot <anything>": the same as asking in chat.
            return args.Length == 0 ? new Understood(Intent.Help, [], 1.0, "") { Command = name } : Interpret(args) with { Command = name };
        }
        if (!Commands.TryGetValue(name, out var intent))
            return new Understood(Intent.Help, [], 1.0, text) { Command = name, Problem = $"I don't know the command /{name}." };

        var tokens = _spell.Fix(Words.Tokenize(args));
        var roles = RolesIn(tokens, out _);
        var result = new Understood(intent, roles, 1.0, args) { Command = name };
        switch (intent)
        {
            case Intent.Compare when roles.Count < 2:
                return result with { Problem = roles.Count == 0 && args.Length > 0
                    ? $"I don't know the role(s) \"{Echo(args)}\"."
                    : "Name two to four roles to compare." };
            case Intent.Compare when roles.Count > 4:
                return result with { Roles = roles.Take(4).ToList(), Problem = "I compare up to four roles at a time; here are the first four." };
            case Intent.Define or Intent.Interview or Intent.Tools or Intent.Skills when roles.Count == 0 && args.Length > 0:
                return result with { Problem = $"I don't know the role \"{Echo(args)}\"." };
            case Intent.Who:
                return args.Length == 0 ? result with { Problem = "Tell me the task, e.g. /who writes the runbooks." } : ResolveWho(result, tokens);
            case Intent.Fit:
                return ResolveFit(result, tokens, roles);
            case Intent.Concept:
                var term = TermIn(tokens, args);
                return term is null ? result with { Problem = $"I don't have \"{Echo(args)}\" in my glossary yet." } : result with { Term = term, Roles = term.Roles.Take(1).ToList() };
        }
        return result;
    }

    /// <summary>
    /// The user's words repeated back in a reply, reduced to plain words: a card or message from
    /// the bot must not carry a link or formatting someone typed ("/role [click](https://…)").
    /// </summary>
    internal static string Echo(string args)
    {
        var plain = new string(args.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '.' or '\'' or '+' or '#').ToArray());
        plain = Regex.Replace(plain, @"\s+", " ").Trim();
        return plain.Length > 40 ? plain[..40] + "…" : plain;
    }

    // ---- free text ----

    private Understood FreeText(string original)
    {
        var text = Cues.GreetingPrefix.Replace(original.ToLowerInvariant(), "").Trim();
        // "thanks, that helped": a greeting with small talk after it, unless the rest asks something.
        var greeted = text.Length < original.Trim().Length;
        var raw = original.ToLowerInvariant().Trim(' ', '!', '.', '?', ',', ':', ')', '(');
        if (Cues.Greeting.IsMatch(raw) || Cues.Greeting.IsMatch(text.Trim(' ', '!', '.', '?', ',')))
            return new Understood(Intent.Greeting, [], 0.95, original);
        if (text.Length == 0) return new Understood(Intent.Greeting, [], 0.9, original);

        var tokens = _spell.Fix(Words.Tokenize(text));
        var fixedText = string.Join(' ', tokens);
        var termMatch = BestTerm(tokens);
        var term = termMatch is null ? null : _termPassages[termMatch.Key];
        // A role word inside a longer term ("developer portal", "platform as a product") is the term's.
        var roleMatches = _roles.Find(tokens)
            .Where(m => termMatch is null || termMatch.Length <= m.Length || m.Start + m.Length <= termMatch.Start || m.Start >= termMatch.Start + termMatch.Length)
            .ToList();
        var roles = roleMatches.Select(m => m.Key).Distinct().ToList();
        var roleEdits = roleMatches.Sum(m => m.Edits);
        var confidence = Math.Max(0.5, 0.9 - 0.1 * roleEdits);

        // Query syntax and other professions are out of scope even when they mention a role word.
        if (Cues.LooksLikeQuerySyntax(original) && !Cues.Definitional.IsMatch(fixedText) && tokens.Count < 12)
            return new Understood(Intent.Unknown, [], 0.8, original);
        if (Cues.OtherProfession.IsMatch(fixedText) && roles.Count == 0)
            return new Understood(Intent.Unknown, [], 0.85, original);

        if (Cues.Help.IsMatch(fixedText) && roles.Count == 0) return new Understood(Intent.Help, [], 0.9, original);
        if (Cues.ListRoles.IsMatch(fixedText)) return new Understood(Intent.Roles, [], 0.9, original);

        var u = new Understood(Intent.Unknown, roles, confidence, original);
        var asksWho = Cues.Who.IsMatch(fixedText) && !Regex.IsMatch(fixedText, @"^who( is|s| are)( an?| the)? [^ ]+( [^ ]+)?$")
                      || roles.Count == 0 && Cues.WhoWeak.IsMatch(fixedText);
        if (asksWho)
        {
            var who = ResolveWho(u with { Intent = Intent.Who }, tokens);
            if (who.Task is not null || who.Choices.Count > 0) return who;
        }
        if (Cues.Interview.IsMatch(fixedText)) return u with { Intent = Intent.Interview, Roles = Target(roleMatches, tokens) };
        if (Cues.Fit.IsMatch(fixedText)) return ResolveFit(u with { Intent = Intent.Fit }, tokens, roles);
        if (Cues.Collaborate.IsMatch(fixedText) && (roles.Count != 1 || !Cues.Tools.IsMatch(fixedText)))
            return u with { Intent = Intent.Collaborate };
        var explicitCompare = Regex.IsMatch(fixedText, @"\b(vs|versus|differ\w*|compar\w*|distinguish\w*|same|b/w|contrast)\b");
        if (roles.Count >= 2 && explicitCompare) return u with { Intent = Intent.Compare };
        if (roles.Count == 0 && explicitCompare && Regex.IsMatch(fixedText, @"\b(roles|jobs|titles|them|these|all)\b"))
            return u with { Intent = Intent.Compare, Confidence = 0.7 };
        if (Cues.Tools.IsMatch(fixedText) && (roles.Count > 0 || term is null)) return Scoped(u with { Intent = Intent.Tools });
        if (Cues.Skills.IsMatch(fixedText) && (roles.Count > 0 || term is null)) return Scoped(u with { Intent = Intent.Skills, Roles = Target(roleMatches, tokens) });
        if (roles.Count >= 2 && Cues.Compare.IsMatch(fixedText)) return u with { Intent = Intent.Compare };
        if (term is not null && (roles.Count == 0 || Cues.Definitional.IsMatch(fixedText) && !NamesRoleAsSubject(fixedText, tokens)))
            return u with { Intent = Intent.Concept, Term = term, Roles = term.Roles.Take(1).ToList() };
        if (roles.Count >= 2) return u with { Intent = Intent.Compare, Confidence = confidence - 0.1 };
        if (roles.Count == 1) return u with { Intent = Intent.Define, Confidence = Cues.Definitional.IsMatch(fixedText) ? confidence : confidence - 0.1 };
        if (greeted) return new Understood(Intent.Greeting, [], 0.8, original);

        // Nothing we know by name. A definitional question may still be about a glossary entry worded
        // differently from its heading; otherwise say so, offering what is close.
        if (Cues.Definitional.IsMatch(fixedText))
        {
            var hit = _index.Search(fixedText, new SearchFilter { Kinds = [PassageKind.Glossary] }, 1).FirstOrDefault();
            if (hit is not null && CoversQuestion(hit.Passage, tokens))
                return u with { Intent = Intent.Concept, Term = hit.Passage, Roles = hit.Passage.Roles.Take(1).ToList(), Confidence = 0.6 };
        }
        return u with { Intent = Intent.Unknown, Roles = [], Confidence = 0.8, Choices = NearMisses(tokens) };
    }

    private static readonly HashSet<string> TransitionWords = ["become", "becoming", "into", "to", "switch", "move", "moving", "transition", "pivot", "join"];

    /// <summary>
    /// "From dev to SRE", "I'm a backend dev and want to become a platform engineer": the role
    /// being moved into is the one asked about, not the one left behind.
    /// </summary>
    private static List<string> Target(List<PhraseMatch> roleMatches, List<string> tokens)
    {
        var roles = roleMatches.Select(m => m.Key).Distinct().ToList();
        if (roles.Count < 2) return roles;
        bool LeftBehind(PhraseMatch m) =>
            tokens.Skip(Math.Max(0, m.Start - 2)).Take(Math.Min(2, m.Start)).Any(t => t is "from" or "ex" or "former" or "currently") ||
            tokens.Skip(m.Start + m.Length).Take(2).Any(t => t is "background" or "experience" or "years");
        var kept = roleMatches.Where(m => !LeftBehind(m)).Select(m => m.Key).Distinct().ToList();
        if (kept.Count > 0 && kept.Count < roles.Count) return kept;
        var lastTransition = tokens.FindLastIndex(t => TransitionWords.Contains(t));
        if (lastTransition < 0) return roles;
        var after = roleMatches.Where(m => m.Start > lastTransition).Select(m => m.Key).Distinct().ToList();
        return after.Count > 0 ? after : roles;
    }

    /// <summary>Tools/skills questions with no role named are out of scope unless they are about our field.</summary>
    private Understood Scoped(Understood u) =>
        u.Roles.Count > 0 ? u : u with { Confidence = 0.6 };

    /// <summary>"what is an SRE" names the role as what is asked about, not a term next to it.</summary>
    private bool NamesRoleAsSubject(string fixedText, List<string> tokens) =>
        Regex.IsMatch(fixedText, @"^(what|who)( is|'s|s| are)( an?| the)? (\S+ ){0,2}\S+\W*$") && _terms.Find(tokens).Count == 0;

    private static bool CoversQuestion(Passage p, List<string> tokens)
    {
        var heading = Words.Tokenize(p.Heading + " " + string.Join(' ', p.Aliases)).Select(Words.Singular).ToHashSet();
        var content = tokens.Select(Words.Singular).Where(t => t.Length > 2 && !StopWords.Contains(t)).ToList();
        return content.Count > 0 && content.Count(heading.Contains) * 2 >= content.Count;
    }

    private static readonly HashSet<string> StopWords =
    [
        "what", "whats", "is", "are", "the", "an", "does", "do", "mean", "meaning", "define", "definition", "explain",
        "stand", "for", "about", "tell", "me", "please", "pls", "of", "and", "how", "describe", "that", "this", "term",
    ];

    // ---- roles, terms ----

    private List<string> RolesIn(List<string> tokens, out int edits)
    {
        var matches = _roles.Find(tokens);
        edits = matches.Sum(m => m.Edits);
        return matches.Select(m => m.Key).Distinct().ToList();
    }

    private PhraseMatch? BestTerm(List<string> tokens) =>
        _terms.Find(tokens).OrderByDescending(m => m.Length).ThenBy(m => m.Edits).FirstOrDefault();

    private Passage? TermIn(List<string> tokens, string? fallbackText)
    {
        var match = BestTerm(tokens);
        if (match is not null) return _termPassages[match.Key];
        if (fallbackText is null) return null;
        var hit = _index.Search(fallbackText, new SearchFilter { Kinds = [PassageKind.Glossary] }, 1).FirstOrDefault();
        return hit is not null && CoversQuestion(hit.Passage, tokens) ? hit.Passage : null;
    }

    /// <summary>Role and term names a word nearly spells, for "Did you mean …?" on an unknown message.</summary>
    private List<Suggestion> NearMisses(List<string> tokens)
    {
        var choices = new List<Suggestion>();
        foreach (var token in tokens.Where(t => t.Length >= 3 && !_spell.IsKnown(t)))
        {
            foreach (var role in _knowledge.Catalog.Roles)
            {
                var close = role.Aliases.Where(a => !a.Contains(' ')).Any(a => Words.Distance(token, a, 2) <= (a.Length <= 4 ? 1 : 2));
                if (close && choices.All(c => !c.Label.Contains(role.Short)))
                    choices.Add(new Suggestion($"What does a {role.Name} do?", $"what does a {role.Name} do?"));
            }
        }
        return choices.Take(3).ToList();
    }

    // ---- who owns a task ----

    private const string WhoWordList = "who whose which role team engineer person group own owns owning responsible handle handles write writes does manage manages maintain maintains set sets define defines build builds run runs charge job task responsibility usually typically normally company";

    private static readonly Regex WhoWords = new(@"\b(who|whose|which|role|team|engineer|person|group|owns?|owning|responsible|handles?|writes?|does|do|manages?|maintains?|sets?|defines?|builds?|runs?|in charge|of|for|the|is|are|should|job|task|responsibility|usually|typically|normally|in|our|company|at|a|an|on)\b", RegexOptions.Compiled);

    private Understood ResolveWho(Understood u, List<string> tokens)
    {
        var task = WhoWords.Replace(string.Join(' ', tokens), " ").Trim();
        // Search the words as typed: the analyzer keeps "on-call" and "CI/CD" whole, tokens don't.
        var query = u.Text.Length > 0 ? u.Text : string.Join(' ', tokens);
        if (task.Length == 0) return u with { Problem = "Which task do you mean? For example: who writes the runbooks?" };
        var hits = _index.Search(query, new SearchFilter { Kinds = [PassageKind.Ownership] }, 3);
        if (hits.Count == 0 || hits[0].Passage.Roles.Count == 0) return u;
        // The task must really be one we know: most of its words found in the passage, not one stray word.
        var taskTerms = _index.Analyzer.Terms(query).Except(_index.Analyzer.Terms(WhoWordList)).Distinct().ToList();
        var passageTerms = _index.Analyzer.Terms(hits[0].Passage.Heading + " " + string.Join(" ", hits[0].Passage.Aliases) + " " + hits[0].Passage.Text).ToHashSet();
        var covered = taskTerms.Count(passageTerms.Contains);
        if (covered == 0 || covered * 3 < taskTerms.Count) return u;
        var best = hits[0];
        // Two tasks with different owners scoring almost alike: ask rather than guess.
        if (hits.Count > 1 && hits[1].Score > best.Score * 0.92 && hits[1].Passage.Roles.FirstOrDefault() != best.Passage.Roles[0])
        {
            return u with
            {
                Roles = [best.Passage.Roles[0]], Task = best.Passage, Confidence = 0.5,
                Choices = hits.Take(2).Select(h => new Suggestion(h.Passage.Heading, "who owns " + h.Passage.Heading.ToLowerInvariant() + "?")).ToList(),
            };
        }
        return u with { Roles = [best.Passage.Roles[0]], Task = best.Passage, Confidence = Math.Min(u.Confidence, 0.9) };
    }

    // ---- which role fits ----

    private static readonly Regex FitWords = new(@"\b(enjoy\w*|like[sd]?|love[sd]?|prefer\w*|really|which|what|role|roles|one|path|career|job|suit|suits|fit|fits|best|right|for|me|my|should|i|be|become|choose|pick|am|more|of|a|an|the|or|and|is|are|help|decide|torn|between|not|sure|unsure|recommend|would|do|you|engineer|engineers|engineering|good|better|match|to|it|think)\b", RegexOptions.Compiled);

    private Understood ResolveFit(Understood u, List<string> tokens, List<string> named)
    {
        var roleWords = _roles.Find(tokens).SelectMany(m => Enumerable.Range(m.Start, m.Length)).ToHashSet();
        var rest = string.Join(' ', tokens.Where((_, i) => !roleWords.Contains(i)));
        var preferences = Regex.Replace(FitWords.Replace(rest, " "), @"\s+", " ").Trim();
        var text = string.Join(' ', tokens);
        var statesPreference = PreferenceWords().IsMatch(text);
        if (!statesPreference || _index.Analyzer.Terms(preferences).Count == 0)
            return u with { Roles = named.Distinct().ToList(), Confidence = named.Count > 0 ? 0.85 : 0.8 };
        // Roles named as options ("devops or sre?", "between cloud and platform") limit the answer;
        // roles named as the people the user likes working with ("building tools for developers") do not.
        var options = named.Count >= 2 && Regex.IsMatch(text, @"\b(or|between|vs|versus|torn)\b") ? named : [];

        // Evidence from three places, each scaled to its own best hit so that no one dominates by
        // score scale: "who it suits" passages, the tasks a role owns, and the jargon it uses.
        var scores = new Dictionary<string, double>();
        void Add(IReadOnlyList<SearchHit> hits, double weight, Func<Passage, string?> roleOf)
        {
            if (hits.Count == 0) return;
            var top = hits[0].Score;
            foreach (var hit in hits)
                if (roleOf(hit.Passage) is { } role && (options.Count == 0 || options.Contains(role)))
                    scores[role] = scores.GetValueOrDefault(role) + weight * hit.Score / top;
        }
        Add(_index.Search(preferences, new SearchFilter { Kinds = [PassageKind.Fit] }, 5), 1.0, p => p.Roles.Count == 1 ? p.Roles[0] : null);
        Add(_index.Search(preferences, new SearchFilter { Kinds = [PassageKind.Ownership] }, 3), 0.3, p => p.Roles.FirstOrDefault());
        Add(_index.Search(preferences, new SearchFilter { Kinds = [PassageKind.Glossary] }, 3), 0.3, p => p.Roles.FirstOrDefault());
        Add(_index.Search(preferences, new SearchFilter { Kinds = [PassageKind.Focus, PassageKind.Responsibilities] }, 5), 0.25, p => p.Roles.Count == 1 ? p.Roles[0] : null);
        var ranked = scores.OrderByDescending(kv => kv.Value).ToList();
        if (ranked.Count == 0) return u with { Roles = options.Count > 0 ? options : named.Distinct().ToList(), Confidence = 0.6 };
        var margin = ranked.Count > 1 ? ranked[1].Value / ranked[0].Value : 0;
        return u with { Roles = [ranked[0].Key], Confidence = margin > 0.85 ? 0.55 : 0.8 };
    }

    [GeneratedRegex(@"\b(enjoy\w*|like|likes|liked|love|loves|loved|prefer\w*|into|good (at|with)|passion\w*|obsessed|excit\w*|hate|hates|dislike\w*|rush|thrive|fun|interested|care about|cares about|background in|experience (in|with)|skilled|strong (at|in)|people person|happy|satisf\w*|drawn)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PreferenceWords();

    [GeneratedRegex(@"<at>[^<]*</at>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MentionTag();
}
