using System.Text.RegularExpressions;
using RoleBot.Knowledge;
using RoleBot.Search;
using RoleBot.Text;
using RoleBot.Understanding;
using static RoleBot.Answers.Phrasing;

namespace RoleBot.Answers;

/// <summary>
/// Builds the reply for each intent from passages found in the index. Nothing here knows the corpus
/// by file: a role's definition is "the best definition passage about that role", whichever article
/// holds it, so raw articles answer as well as our own.
/// </summary>
public sealed partial class ReplyComposer
{
    private readonly KnowledgeBase knowledge;
    private readonly HybridSearch search;
    private readonly PassageIndex index;
    private readonly RoleFacts facts;
    private RoleCatalog Catalog => knowledge.Catalog;
    private IntentRegistry Intents => knowledge.Intents;
    private readonly HashSet<Passage> _cited = [];

    /// <summary>
    /// One handler per intent that needs its own shape of answer. An intent declared only as data
    /// gets <see cref="FromKinds"/>: the passages of the kinds its file names, closest to the question.
    /// </summary>
    private readonly Dictionary<Intent, Func<Understood, Reply>> _handlers;

    public ReplyComposer(KnowledgeBase knowledge, HybridSearch search, RoleFacts facts)
    {
        this.knowledge = knowledge;
        this.search = search;
        index = search.Index;
        this.facts = facts;
        _handlers = new()
        {
            [Intent.Define] = u => u.Problem is null ? Define(u) : Usage(u),
            [Intent.Compare] = u => u.Problem is null || u.Roles.Count >= 2 ? Compare(u) : Usage(u),
            [Intent.Interview] = u => u.Problem is null ? Interview(u) : Usage(u),
            [Intent.Tools] = u => u.Problem is null ? Tools(u) : Usage(u),
            [Intent.Skills] = u => u.Problem is null ? Skills(u) : Usage(u),
            [Intent.Fit] = Fit,
            [Intent.Who] = u => u.Task is null ? Usage(u) : Who(u),
            [Intent.Collaborate] = Collaborate,
            [Intent.Concept] = u => u.Term is null ? Usage(u) : Concept(u),
            [Intent.Roles] = _ => ListRoles(),
            [Intent.Onboard] = Onboard,
            [Intent.Help] = Help,
            [Intent.Greeting] = Greeting,
            [Intent.Unknown] = Unknown,
        };
    }

    private float[]? _vector;
    private Channel _channel;

    public Reply Compose(Understood u, Channel channel = Channel.Teams)
    {
        _cited.Clear();
        _vector = u.Vector;
        _channel = channel;
        if (u.Choices.Count > 0) return DidYouMean(u);
        var reply = _handlers.TryGetValue(u.Intent, out var handler) ? handler(u)
            : Intents.Find(u.Intent) is { } declared ? FromKinds(u, declared)
            : Unknown(u);
        // "In one sentence", "tl;dr": the short answer alone, cut to two sentences.
        if (Cues.Brief.IsMatch(u.Text)) reply = reply with { ShortAnswer = FirstSentences(reply.ShortAnswer, 2), Sections = [], Table = null };
        // Otherwise a phone screen's worth, unless the long form was asked for.
        else if (!Cues.Detailed.IsMatch(u.Text) && !ListsEverything.Contains(u.Intent)) reply = ScreenFit.Apply(reply, u.Text);
        // A follow-up that asks the question just answered leads nowhere.
        var asked = u.Command is null ? u.Text.Trim().TrimEnd('?', '.', '!') : null;
        // So does one about a section this answer already shows ("Explain the city analogy" under the city analogy).
        var shown = _cited.Select(p => LeadingArticle().Replace(p.Heading.ToLowerInvariant(), "")).Where(h => h.Contains(' ')).ToList();
        reply = reply with
        {
            Suggestions = reply.Suggestions
                .Where(s => asked is null || !s.Message.TrimEnd('?', '.', '!').Equals(asked, StringComparison.OrdinalIgnoreCase))
                .Where(s => !shown.Any(h => s.Label.Contains(h, StringComparison.OrdinalIgnoreCase)))
                .ToList(),
        };
        return reply with { Citations = Citations(), Cited = _cited.Select(Reading.TopicKey).ToList() };
    }

    /// <summary>Answers whose point is the whole list: the roles, the commands, a welcome.</summary>
    private static readonly HashSet<Intent> ListsEverything = [Intent.Roles, Intent.Help, Intent.Greeting, Intent.Compare];

    [GeneratedRegex(@"^(the|a|an) ")]
    private static partial Regex LeadingArticle();



    /// <summary>The answer for an intent added as data: its passages, closest in words and meaning.</summary>
    private Reply FromKinds(Understood u, IntentDefinition intent)
    {
        var passages = search.Search(u.Text, null, new SearchFilter { Kinds = intent.Kinds, Roles = u.Roles }, 2).Select(h => h.Passage).ToList();
        if (passages.Count == 0 && u.Roles.Count > 0)
            passages = search.Search(u.Text, null, new SearchFilter { Kinds = intent.Kinds }, 2).Select(h => h.Passage).ToList();
        if (passages.Count == 0) return NothingFound(u);
        var first = Cite(passages[0]);
        return new Reply
        {
            Title = intent.Title ?? first.Heading,
            ShortAnswer = first.Summary,
            Sections = [.. (first.Details.Count > 0 ? [ReplySection.Of(first.Heading, null, Bullets(first.Details, 6))] : Array.Empty<ReplySection>()),
                        .. passages.Skip(1).Select(p => SectionOf(Cite(p)))],
            Suggestions = Examples.ToList(),
        };
    }

    // ---- passage look-ups ----

    private IReadOnlyList<Passage> Find(string text, IReadOnlyList<string> roles, PassageKind[] kinds, int count, IReadOnlyDictionary<PassageKind, float>? prefer = null)
    {
        var hits = search.Search(text, _vector, new SearchFilter { Roles = roles, Kinds = kinds, PreferKinds = prefer ?? new Dictionary<PassageKind, float>() }, count);
        if (hits.Count == 0 && text.Length > 0)
            hits = search.Search("", null, new SearchFilter { Roles = roles, Kinds = kinds }, count);
        return hits.Select(h => h.Passage).ToList();
    }

    private Passage? Best(string roleId, params PassageKind[] kinds)
    {
        foreach (var kind in kinds)
            if (facts.Best(roleId, kind) is { } p) return p;
        return null;
    }

    private Passage Cite(Passage p) { _cited.Add(p); return p; }

    private IReadOnlyList<Citation> Citations() => _cited
        .GroupBy(p => p.File)
        .Select(g => new Citation(g.First().ArticleTitle, g.Key, g.First().Sources))
        .Take(4)
        .ToList();

    private string RoleName(string id) => Catalog.Get(id).Name;
    private string Plural(string id) => Catalog.Get(id).Plural;
    private string Short(string id) => Catalog.Get(id).Short;

    private static ReplySection SectionOf(Passage p, string? heading = null, int bullets = 6) =>
        ReplySection.Of(heading ?? p.Heading, p.Summary, Bullets(p.Details, bullets));

    // ---- intents ----

    private static readonly (Regex Pattern, PassageKind Kind)[] DefineAspects =
    [
        (new(@"success|measur|good job|doing well|kpi|metric", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), PassageKind.Success),
        (new(@"misconception|myth|just|really|wrong|believe|confus|fancy|only|actually", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), PassageKind.Misconception),
        (new(@"responsib|day|do all|work|task|duties|job|own|solve|problem", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), PassageKind.Responsibilities),
        (new(@"focus|goal|priorit|care about|mission", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), PassageKind.Focus),
    ];

    private Reply Define(Understood u)
    {
        var role = u.Roles[0];
        var aspect = DefineAspects.FirstOrDefault(a => a.Pattern.IsMatch(u.Text)).Kind;
        var definition = Best(role, PassageKind.Definition, PassageKind.Focus, PassageKind.Responsibilities)
                         ?? Find(u.Text, [role], [], 1).FirstOrDefault();
        if (definition is null) return NothingFound(u);
        Cite(definition);

        var sections = new List<ReplySection>();
        var wanted = aspect == default ? [PassageKind.Focus, PassageKind.Responsibilities] : new[] { aspect };
        foreach (var kind in wanted)
        {
            var p = Find(u.Text, [role], [kind], 1).FirstOrDefault();
            if (p is not null && p != definition) sections.Add(SectionOf(Cite(p)));
        }
        if (aspect == default && Best(role, PassageKind.Success) is { } success && success != definition)
            sections.Add(ReplySection.Of(success.Heading, Cite(success).Summary));

        var others = Catalog.Roles.Where(r => r.Id != role).Select(r => r.Id).ToList();
        return new Reply
        {
            Title = RoleName(role),
            ShortAnswer = definition.Summary,
            Sections = sections,
            Suggestions =
            [
                new($"Interview tips for {Plural(role)}", $"/interview {role}"),
                new($"Tools {Plural(role)} use", $"/tools {role}"),
                new($"Compare {Short(role)} with {Short(Closest(role, others))}", $"/compare {role} {Closest(role, others)}"),
            ],
        };
    }

    private string Closest(string role, List<string> others) => facts.Closest(role, others);

    /// <summary>The rows of a comparison, and the words that ask for one row only ("SRE vs DevOps tools").</summary>
    private static readonly (string Dimension, PassageKind[] Kinds, Regex Asked)[] Dimensions =
    [
        ("Focus", [PassageKind.Focus, PassageKind.Definition], new(@"\b(focus\w*|goals?|priorit\w*|mission)\b", RegexOptions.IgnoreCase)),
        ("Owns", [PassageKind.Responsibilities], new(@"\b(owns?|responsibilit\w*|duties|tasks|day to day|day-to-day)\b", RegexOptions.IgnoreCase)),
        ("Tools", [PassageKind.Tools], new(@"\b(tools?|tooling|stack|software|tech)\b", RegexOptions.IgnoreCase)),
        ("Skills", [PassageKind.Skills], new(@"\b(skills?|learn|background)\b", RegexOptions.IgnoreCase)),
        ("Success looks like", [PassageKind.Success], new(@"\b(success\w*|succeed|measured|kpis?|metrics)\b", RegexOptions.IgnoreCase)),
        ("Interview focus", [PassageKind.Interview], new(@"\binterview\w*\b", RegexOptions.IgnoreCase)),
    ];

    /// <summary>
    /// A cell under a role's column, short and whole: the first sentence without its subject (the
    /// column names the role), never cut mid-sentence. "A Cloud Engineer focuses on…" → "Focuses on…".
    /// </summary>
    private string Cell(string role, string summary)
    {
        var r = Catalog.Get(role);
        var names = new[] { r.Name, r.Short, r.Plural }.Concat(r.Aliases).Distinct().OrderByDescending(n => n.Length).Select(Regex.Escape);
        var sentence = FirstSentence(summary, int.MaxValue);
        var rest = Regex.Replace(sentence, $@"^(an?\s+|the\s+)?({string.Join("|", names)})('s)?\s+", "", RegexOptions.IgnoreCase);
        return rest.Length == sentence.Length || rest.Length == 0 ? sentence : char.ToUpperInvariant(rest[0]) + rest[1..];
    }

    private Reply Compare(Understood u)
    {
        // "Compare all the roles" names none: show the first four. One role: it and its nearest neighbour.
        var roles = u.Roles.Count switch
        {
            0 => Catalog.Roles.Take(4).Select(r => r.Id).ToList(),
            1 => [u.Roles[0], Closest(u.Roles[0], Catalog.Roles.Select(r => r.Id).Where(r => r != u.Roles[0]).ToList())],
            _ => u.Roles.Take(4).ToList(),
        };
        var rows = new List<TableRow>();
        // Only the rows the question names, when it names some; all of them otherwise.
        var asked = Dimensions.Where(d => d.Asked.IsMatch(u.Text)).ToList();
        foreach (var (dimension, kinds, _) in asked.Count > 0 ? asked : [.. Dimensions])
        {
            var cells = roles.Select(r => Best(r, kinds) is { } p ? Cell(r, Cite(p).Summary) : "—").ToList();
            if (cells.Any(c => c != "—")) rows.Add(new TableRow(dimension, cells));
        }
        var lines = roles.Select(r => Best(r, PassageKind.Definition, PassageKind.Focus) is { } p
            ? $"{Short(r)}: {FirstSentence(Cite(p).Summary, int.MaxValue)}" : Short(r)).ToList();
        var pair = roles.Take(2).ToList();
        return new Reply
        {
            Title = string.Join(" vs ", roles.Select(Short)),
            ShortAnswer = string.Join("\n", lines),
            Table = new ComparisonTable(roles.Select(Short).ToList(), rows),
            Suggestions =
            [
                new($"How do {Short(pair[0])} and {Short(pair[1])} work together?", $"how do {Short(pair[0])} and {Short(pair[1])} work together?"),
                new($"Interview tips for {Plural(roles[0])}", $"/interview {roles[0]}"),
                new("Which role fits me?", "/fit"),
            ],
        };
    }

    private Reply Interview(Understood u) => RoleTopic(u, PassageKind.Interview, "Interview prep", r => $"Preparing for {A(RoleName(r))} interview",
        r => [new($"Tools {Plural(r)} use", $"/tools {r}"), new($"Skills {Plural(r)} need", $"/skills {r}"), new($"What does {A(RoleName(r))} do?", $"/role {r}")]);

    private Reply Tools(Understood u) => RoleTopic(u, PassageKind.Tools, "Tools", r => $"Tools {Plural(r)} use",
        r => [new($"Skills {Plural(r)} need", $"/skills {r}"), new($"Interview tips for {Plural(r)}", $"/interview {r}"), new($"What does {A(RoleName(r))} do?", $"/role {r}")]);

    private Reply Skills(Understood u) => RoleTopic(u, PassageKind.Skills, "Skills", r => $"Skills for {A(RoleName(r))}",
        r => [new($"Tools {Plural(r)} use", $"/tools {r}"), new($"Interview tips for {Plural(r)}", $"/interview {r}"), new("Which role fits me?", "/fit")]);

    /// <summary>Interview, tools and skills answers share one shape: per role, the passages of that kind.</summary>
    private Reply RoleTopic(Understood u, PassageKind kind, string topic, Func<string, string> title, Func<string, Suggestion[]> follow)
    {
        if (u.Roles.Count == 0)
        {
            // No role named: the general advice, and a button per role.
            var general = Find(u.Text, [], [kind], 2);
            if (general.Count > 0) Cite(general[0]);
            return new Reply
            {
                Title = topic,
                ShortAnswer = general.Count > 0 ? $"It depends on the role. {general[0].Summary}" : "It depends on the role: which one are you interested in?",
                Sections = general.Skip(1).Select(p => SectionOf(Cite(p))).ToList(),
                Suggestions = Catalog.Roles.Take(3).Select(r => new Suggestion($"{topic} for {r.Plural}", $"/{CommandFor(kind)} {r.Id}")).ToList(),
            };
        }

        var sections = new List<ReplySection>();
        string? shortAnswer = null;
        foreach (var role in u.Roles.Take(4))
        {
            var passages = Find(u.Text, [role], [kind], u.Roles.Count == 1 ? 3 : 1);
            var note = "";
            if (passages.Count == 0)
            {
                // The corpus has no such section for this role (raw articles often don't): say so,
                // and give the closest it does have rather than nothing.
                passages = Find(u.Text, [role], [PassageKind.Skills, PassageKind.Responsibilities, PassageKind.Tools, PassageKind.Interview], 2,
                    new Dictionary<PassageKind, float> { [PassageKind.Skills] = 2f });
                note = $"My sources have no {topic.ToLowerInvariant()} section for {Plural(role)}; the closest they say: ";
            }
            if (passages.Count == 0) continue;
            shortAnswer ??= u.Roles.Count == 1 ? note + passages[0].Summary : null;
            foreach (var p in passages)
                sections.Add(SectionOf(Cite(p), u.Roles.Count == 1 ? p.Heading : $"{topic} for {Plural(role)}"));
        }
        if (sections.Count == 0) return NothingFound(u);
        // One role: its summary is the short answer, not repeated as the first section. Several: each
        // role's section says its own, and the short answer says what follows.
        if (u.Roles.Count == 1) sections[0] = sections[0] with { Text = null };
        shortAnswer ??= $"Each role's {topic.ToLowerInvariant()}, side by side:";
        return new Reply
        {
            Title = u.Roles.Count == 1 ? title(u.Roles[0]) : $"{topic}: {Names(Catalog, u.Roles)}",
            ShortAnswer = shortAnswer,
            Sections = sections.Where(s => s.Text is not null || s.Bullets.Count > 0).ToList(),
            Suggestions = follow(u.Roles[0]),
        };
    }

    private static string CommandFor(PassageKind kind) => kind switch
    {
        PassageKind.Interview => "interview",
        PassageKind.Tools => "tools",
        _ => "skills",
    };

    private Reply Fit(Understood u)
    {
        if (u.Roles.Count == 1)
        {
            var role = u.Roles[0];
            var fit = Best(role, PassageKind.Fit, PassageKind.Focus, PassageKind.Definition);
            var others = Catalog.Roles.Where(r => r.Id != role).Select(r => r.Id).ToList();
            // Why: the fit passage's own points; raw articles give one line per role instead, so then
            // what the other articles say of who the role suits, and what it focuses on.
            var why = fit is null ? [] : Bullets(fit.Details, 5).ToList();
            if (fit is not null && why.Count == 0)
                why = Find(u.Text, [role], [PassageKind.Fit, PassageKind.Focus], 4)
                    .Where(p => p != fit && p.Roles.SequenceEqual([role]))
                    .Select(p => FirstSentences(Cite(p).Summary, 2)).Distinct().Take(3).ToList();
            return new Reply
            {
                Title = $"You might enjoy being {A(RoleName(role))}",
                ShortAnswer = fit is null ? $"From what you describe, {RoleName(role)} looks like the closest fit." : Cite(fit).Summary,
                Sections = why.Count == 0 ? [] : [ReplySection.Of($"Why {Short(role)}", null, why)],
                Suggestions =
                [
                    new($"What does {A(RoleName(role))} do?", $"/role {role}"),
                    new($"Skills for {A(RoleName(role))}", $"/skills {role}"),
                    new($"Compare {Short(role)} with {Short(Closest(role, others))}", $"/compare {role} {Closest(role, others)}"),
                ],
            };
        }

        // No preference given, or several roles weighed: each role's "who it suits" side by side.
        var roles = u.Roles.Count > 1 ? u.Roles : Catalog.Roles.Select(r => r.Id).ToList();
        var lines = roles.Select(r => Best(r, PassageKind.Fit) is { } p ? $"{Short(r)}: {Statement(Cite(p).Summary, 180)}" : null)
                         .OfType<string>().ToList();
        if (u.Tie && roles.Count == 2)
        {
            var avoid = u.Dislikes.Count > 0 ? $" Both keep you away from {Join(u.Dislikes.Take(2))}." : "";
            return new Reply
            {
                Title = $"A tie: {Short(roles[0])} or {Short(roles[1])}",
                ShortAnswer = $"From what you describe, {RoleName(roles[0])} and {RoleName(roles[1])} fit about equally well.{avoid} Which work you'd rather do every day decides it:",
                Sections = [ReplySection.Of("Who each role suits", null, lines)],
                Suggestions =
                [
                    new($"Compare {Short(roles[0])} and {Short(roles[1])}", $"/compare {roles[0]} {roles[1]}"),
                    new($"What does {A(RoleName(roles[0]))} do?", $"/role {roles[0]}"),
                    new($"What does {A(RoleName(roles[1]))} do?", $"/role {roles[1]}"),
                ],
            };
        }
        return new Reply
        {
            Title = u.Roles.Count > 1 ? $"{Names(Catalog, roles)}: which fits you?" : "Which role fits you?",
            ShortAnswer = "It depends on what work energises you. Tell me what you enjoy, e.g. \"/fit I like building tools for other engineers\".",
            Sections = [ReplySection.Of("Who each role suits", null, lines)],
            Suggestions =
            [
                .. knowledge.Suggestions["fit"],
            ],
        };
    }

    private Reply Who(Understood u)
    {
        var task = Cite(u.Task!);
        var owner = u.Roles[0];
        if (task.Kind != PassageKind.Ownership)
        {
            // Raw articles have no "who owns what" sections: say whom the closest passage points to.
            return new Reply
            {
                Title = $"Who handles that? Usually {Plural(owner)}",
                ShortAnswer = $"From what my sources say, that sits with {Plural(owner)}. {RelevantSentence(task, u.Text)}",
                Suggestions = [new($"What does {A(RoleName(owner))} do?", $"/role {owner}"), .. Examples.Take(2)],
            };
        }
        var related = index.Search(u.Text, new SearchFilter { Kinds = [PassageKind.Ownership] }, 3)
            .Select(h => h.Passage).Where(p => p != task).Take(1).ToList();
        var urgent = Cues.Urgent.IsMatch(u.Text);
        return new Reply
        {
            Title = $"Who owns {LowerFirst(task.Heading)}?",
            ShortAnswer = Org.For(owner) is { } team ? $"{task.Summary} {AskTeam(team, urgent)}" : task.Summary,
            Sections = [.. TeamSection(owner), .. task.Details.Count > 0 ? [ReplySection.Of("Who helps", null, Bullets(task.Details))] : Array.Empty<ReplySection>()],
            Suggestions =
            [
                new($"What does {A(RoleName(owner))} do?", $"/role {owner}"),
                .. related.Select(p => new Suggestion($"Who owns {LowerFirst(p.Heading)}?", $"/who {LowerFirst(p.Heading)}")),
                new("Who owns what, overall?", "how do the roles work together?"),
            ],
        };
    }

    private Reply Collaborate(Understood u)
    {
        var filter = new SearchFilter
        {
            Kinds = [PassageKind.Collaboration],
            PreferKinds = new Dictionary<PassageKind, float>(),
        };
        var hits = search.Search(u.Text, _vector, filter, 6).Select(h => h.Passage).ToList();
        // Prefer the passage about exactly the roles asked about, when there is one.
        var both = hits.Where(p => u.Roles.Count > 0 && u.Roles.All(p.Roles.Contains)).ToList();
        var chosen = (both.Count > 0 ? both : hits).Take(2).ToList();
        if (chosen.Count == 0) return NothingFound(u);
        var first = Cite(chosen[0]);
        return new Reply
        {
            Title = first.Heading,
            ShortAnswer = first.Summary,
            Sections = [.. (first.Details.Count > 0 ? [ReplySection.Of(first.Heading, null, Bullets(first.Details, 8))] : Array.Empty<ReplySection>()),
                        .. chosen.Skip(1).Select(p => SectionOf(Cite(p)))],
            // The fixed follow-ups, except that roles named get their own comparison instead of the general one.
            Suggestions = u.Roles.Count >= 2
                ? [.. knowledge.Suggestions["collaborate"].Take(2), new($"Compare {Names(Catalog, u.Roles.Take(2))}", $"/compare {string.Join(' ', u.Roles.Take(2))}")]
                : knowledge.Suggestions["collaborate"],
        };
    }

    private Reply Concept(Understood u)
    {
        if (!knowledge.Passages.Contains(u.Term!)) return ConceptFromProse(u);
        var term = Cite(u.Term!);
        var role = term.Roles.FirstOrDefault();
        var related = index.Search(term.Summary, new SearchFilter { Kinds = [PassageKind.Glossary], Roles = role is null ? [] : [role] }, 4)
            .Select(h => h.Passage).Where(p => p != term).Take(2).ToList();
        var suggestions = related.Select(p => new Suggestion($"What does \"{LowerFirst(TermShort(p))}\" mean?", $"/term {TermShort(p)}")).ToList();
        if (role is not null) suggestions.Insert(0, new($"What does {A(RoleName(role))} do?", $"/role {role}"));
        return new Reply
        {
            Title = term.Heading,
            ShortAnswer = term.Summary,
            Sections = term.Details.Count > 0 ? [ReplySection.Of("More", null, Bullets(term.Details))] : [],
            Suggestions = suggestions.Take(3).ToList(),
        };
    }

    /// <summary>
    /// A term the corpus has no glossary entry for (raw articles; the term was recognised from the
    /// built-in glossary's names): the corpus's own sentence that best explains it.
    /// </summary>
    private Reply ConceptFromProse(Understood u)
    {
        var term = u.Term!;
        var names = Words.Tokenize(TermShort(term));
        var passages = search.Search(term.Heading + " " + string.Join(" ", term.Aliases.Take(4)) + " " + u.Text, _vector, SearchFilter.None, 3)
            .Select(h => h.Passage).ToList();
        var passage = passages.FirstOrDefault(p => Mentions(p, names)) ?? passages.FirstOrDefault();
        if (passage is null) return NothingFound(u);
        Cite(passage);
        return new Reply
        {
            Title = term.Heading,
            ShortAnswer = RelevantSentence(passage, string.Join(' ', names) + " " + u.Text),
            Suggestions = [.. (term.Roles.FirstOrDefault() is { } role ? [new Suggestion($"What does {A(RoleName(role))} do?", $"/role {role}")] : Array.Empty<Suggestion>()), .. Examples.Take(2)],
        };
    }

    private static bool Mentions(Passage p, List<string> names) => names.Count > 0 && Words.Tokenize(p.Text).Intersect(names).Count() == names.Count;

    /// <summary>The sentence of a passage that shares most words with the question (its summary when none does).</summary>
    private static string RelevantSentence(Passage p, string question)
    {
        var wanted = Words.Tokenize(question).Where(w => w.Length > 3).Select(Words.Singular).ToHashSet();
        return SentenceSplit().Split(p.Text.Replace('\n', ' '))
            .Select(s => (Sentence: s.Trim(), Score: Words.Tokenize(s).Select(Words.Singular).Count(wanted.Contains)))
            .Where(e => e.Sentence.Length > 20)
            .OrderByDescending(e => e.Score)
            .Select(e => Shorten(e.Sentence, 300))
            .FirstOrDefault() ?? p.Summary;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex SentenceSplit();

    private Reply ListRoles() => new()
    {
        Title = "The roles I know",
        ShortAnswer = $"I can explain {Catalog.Roles.Count} roles and how they work together:",
        Sections = [ReplySection.Of("Roles", null, Catalog.Roles.Select(r =>
            Best(r.Id, PassageKind.Definition) is { } p ? $"{r.Name}: {FirstSentence(Cite(p).Summary, 160)}" : r.Name))],
        Suggestions = knowledge.Suggestions["roles"],
    };

    private IReadOnlyList<Suggestion> Examples => knowledge.Suggestions.Examples;

    private Reply Help(Understood u) => new()
    {
        Title = "How to use RoleBot",
        ShortAnswer = (u.Problem is null ? "" : u.Problem + " ") +
                      $"Ask me about {Names(Catalog, Catalog.Roles.Select(r => r.Id))} engineers: what they do, how they differ, tools, skills, interviews, who owns what, and the jargon.",
        Sections =
        [
            ReplySection.Of("Commands", null, Intents.HelpLines(_channel)),
            ReplySection.Of("Or just ask", null, Examples.Concat(knowledge.Suggestions["more_examples"]).Select(e => e.Label)),
        ],
        Suggestions = Examples.ToList(),
    };

    private Reply Greeting(Understood u)
    {
        var thanks = Regex.IsMatch(u.Text, @"thank|thx|\bty\b|cheers|appreciate", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var bye = Regex.IsMatch(u.Text, @"\bbye|see (you|ya)|cya|goodbye", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return new Reply
        {
            Title = thanks ? "You're welcome!" : bye ? "Bye for now!" : "Hi, I'm RoleBot 👋",
            ShortAnswer = thanks ? "Happy to help. Ask me anything else about the roles."
                : bye ? "Come back any time you have a question about who does what."
                : $"I answer questions about {Names(Catalog, Catalog.Roles.Select(r => r.Id))} engineers: what they do, how they differ, and who owns what.",
            Suggestions = Examples.ToList(),
        };
    }

    private Reply Unknown(Understood u) => new()
    {
        Title = "That's outside what I know",
        ShortAnswer = $"Sorry, I can only answer questions about {Names(Catalog, Catalog.Roles.Select(r => r.Id))} engineers: what they do, how they differ, their tools and skills, interviews, who owns which task, and the jargon.",
        Suggestions = Examples.ToList(),
    };

    private Reply DidYouMean(Understood u) => new()
    {
        Title = "Did you mean…?",
        ShortAnswer = u.Intent == Intent.Unknown ? "I'm not sure what you meant. Did you mean one of these?" : "That could mean more than one thing. Did you mean:",
        Choices = u.Choices,
        Suggestions = [new("None of these: show help", "/help")],
    };

    /// <summary>A command whose arguments don't work: what went wrong and how to say it.</summary>
    private Reply Usage(Understood u)
    {
        var roles = string.Join(", ", Catalog.Roles.Select(r => r.Id));
        // The command the person used, else the intent's first, else /role: its usage line and example.
        var command = (u.Command is not null ? Intents.Command(u.Command)?.Command : null)
                      ?? Intents.Find(u.Intent)?.Commands.FirstOrDefault()
                      ?? Intents.Command("role")?.Command;
        var (usage, example) = command is null ? ("/help", "/help") : (command.Usage, command.Example);
        return new Reply
        {
            Title = "Let's try that again",
            ShortAnswer = $"{u.Problem ?? "I couldn't find what you asked about."} Usage: {usage}. Roles: {roles}.",
            Suggestions = [new(example, example), new("/roles", "/roles"), new("/help", "/help")],
        };
    }

    private Reply NothingFound(Understood u) => new()
    {
        Title = "I couldn't find that",
        ShortAnswer = "My knowledge base has nothing on that yet. Try asking about a role's focus, tools, skills or interviews.",
        Suggestions = Examples.ToList(),
    };
}
