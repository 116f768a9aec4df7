using System.Text.RegularExpressions;
using RoleBot.Knowledge;
using RoleBot.Meaning;
using RoleBot.Search;
using RoleBot.Text;

namespace RoleBot.Understanding;

/// <summary>
/// Which role fits what a person says about themselves. The message is cut into clauses at "but",
/// "though", commas and the like; each clause is a preference for or against something ("I can't
/// stand being paged" counts against the roles that carry a pager). Each clause's evidence comes from
/// the "who it suits" passages and the tasks and jargon each role owns, by words and by meaning;
/// the role with the most net evidence wins, and two roles within a hair of each other are a tie.
/// </summary>
internal sealed partial class FitReader(KnowledgeBase knowledge, HybridSearch search, QueryEmbeddings embeddings, VectorStore store, Func<string, string> modelText)
{
    /// <summary>How much the learned reading of the whole message counts against the clause evidence (chosen on fit-dev.jsonl).</summary>
    private const double LearnedWeight = 9;

    /// <summary>
    /// Which role a whole self-description suits, learned from the labelled fit examples
    /// (<c>intents/_fit-roles.yaml</c>); null when there are none for this catalog.
    /// </summary>
    private IntentClassifier? RoleModel => _roleModelLoaded ? _roleModel : LoadRoleModel();
    private IntentClassifier? _roleModel;
    private bool _roleModelLoaded;

    private IntentClassifier? LoadRoleModel()
    {
        _roleModelLoaded = true;
        var labelled = knowledge.Intents.RoleExamples.GetValueOrDefault(Intent.Fit.Id)?
            .Where(e => knowledge.Catalog.Find(e.Role) is not null).ToList() ?? [];
        if (labelled.Select(e => e.Role).Distinct().Count() < 2) return null;
        var texts = labelled.Select(e => modelText(e.Text)).ToList();
        var vectors = store.Embed("fit-role-examples", texts, t => embeddings.Embedder.EmbedBatch(t));
        var samples = vectors.Select(v => new IntentSample(v.Select(x => x * 10f).ToArray(), [])).ToList();
        var key = "fit-roles-" + VectorStore.Hash(texts.Concat(labelled.Select(e => e.Role)).Append(IntentClassifier.Version).Append(SentenceEmbedder.ModelId)) + ".model";
        _roleModel = IntentClassifier.Deserialize(store.ReadBlob(key), SentenceEmbedder.Dimensions);
        if (_roleModel is null)
        {
            _roleModel = IntentClassifier.Train(samples, labelled.Select(e => e.Role).ToList());
            store.WriteBlob(key, _roleModel.Serialize());
        }
        return _roleModel;
    }

    private Regex? _roleNames;

    /// <summary>Any role alias as a whole word, longest first.</summary>
    private Regex RoleNames() => _roleNames ??= new Regex(
        @"\b(" + string.Join("|", knowledge.Catalog.Roles.SelectMany(r => r.Aliases).OrderByDescending(a => a.Length).Select(Regex.Escape)) + @")\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Second place within this share of the first is a tie, explained as one.</summary>
    private const double TieMargin = 0.97;

    public Understood Resolve(Understood u, string lowerText, List<string> tokens, List<string> named, float[]? wholeVector)
    {
        // Roles named are options or the people the person works with, not preferences: leave them out.
        var clauses = Clauses(RoleNames().Replace(lowerText, " ")).Where(c => search.Index.Analyzer.Terms(c.Text).Count > 0).ToList();
        // Nothing said about the person beyond "which role fits me?": the general answer. Anything
        // else is evidence, whether or not it uses a word like "enjoy" ("I spend hours in grafana").
        if (clauses.Count == 0)
            return u with { Intent = Intent.Fit, Roles = named.Distinct().ToList(), Confidence = Math.Min(u.Confidence, named.Count > 0 ? 0.85 : 0.8) };

        // Roles named as options ("devops or sre?", "between cloud and platform") limit the answer;
        // roles named as the people the user likes working with ("building tools for developers") do not.
        var options = named.Count >= 2 && Options().IsMatch(lowerText) ? named : [];
        var vectors = clauses.Count == 1 && wholeVector is not null && clauses[0].Positive
            ? [wholeVector]
            : embeddings.GetMany(clauses.Select(c => c.Text).ToList());

        var scores = knowledge.Catalog.Roles.ToDictionary(r => r.Id, _ => 0.0);
        // What the examples teach about whole self-descriptions, above the even share.
        if (RoleModel is { } model)
        {
            // Read over what the person wants only: the model reads words, not their sign, and
            // "not interested in portals or pipelines, I want the infrastructure underneath" is not
            // about portals. Without a dislike, the whole message as it came.
            var wanted = clauses.Where(c => c.Positive).Select(c => c.Text).ToList();
            var whole = wanted.Count > 0 && wanted.Count < clauses.Count ? embeddings.Get(modelText(string.Join(", ", wanted)))
                : wholeVector ?? embeddings.Get(modelText(lowerText));
            var p = model.Predict(new IntentSample(whole.Select(x => x * 10f).ToArray(), []));
            for (var k = 0; k < p.Length; k++)
                if (scores.ContainsKey(model.Labels[k])) scores[model.Labels[k]] += LearnedWeight * (p[k] - 1.0 / p.Length);
        }
        for (var i = 0; i < clauses.Count; i++)
        {
            var evidence = Evidence(clauses[i].Text, vectors[i]);
            foreach (var (role, value) in evidence)
                // Divided by the square root of how often the corpus names the role, so that the role
                // raw articles mention everywhere doesn't collect evidence from every clause.
                scores[role] += (clauses[i].Positive ? value : -value) / Math.Sqrt(knowledge.RoleShare(role));
        }
        var ranked = scores.Where(kv => options.Count == 0 || options.Contains(kv.Key)).OrderByDescending(kv => kv.Value).ToList();
        if (ranked.Count == 0 || ranked[0].Value <= 0)
            return u with { Intent = Intent.Fit, Roles = options.Count > 0 ? options : [], Confidence = Math.Min(u.Confidence, 0.6) };
        var tie = ranked.Count > 1 && ranked[1].Value >= ranked[0].Value * TieMargin;
        return u with
        {
            Intent = Intent.Fit,
            Roles = tie ? [ranked[0].Key, ranked[1].Key] : [ranked[0].Key],
            Confidence = Math.Min(u.Confidence, tie ? 0.55 : 0.9),
            Tie = tie,
            Dislikes = clauses.Where(c => !c.Positive).Select(c => c.Text).ToList(),
        };
    }

    /// <summary>
    /// Per role, how strongly one clause points at it: "who it suits" passages count most, owned tasks
    /// and jargon less. Words (BM25, scaled to the best hit) and meaning (cosine above the clause's
    /// average across roles, so only what sets a role apart counts) add up.
    /// </summary>
    private Dictionary<string, double> Evidence(string clause, float[] vector)
    {
        var result = new Dictionary<string, double>();
        void Add(string role, double v) => result[role] = result.GetValueOrDefault(role) + v;
        foreach (var (kinds, weight) in Sources)
        {
            var lexical = search.Index.Search(clause, new SearchFilter { Kinds = kinds }, 5);
            foreach (var hit in lexical)
                if (Owner(hit.Passage) is { } role) Add(role, weight * hit.Score / lexical[0].Score);
        }
        // Meaning, sentence by sentence: each role's two closest statements ("you enjoy being on call"),
        // above the average role, so that what sets a role apart counts and a generic clause doesn't.
        var perRole = Statements.GroupBy(st => st.Role).ToDictionary(g => g.Key,
            g => g.Select(st => st.Weight * Vectors.Dot(vector, st.Vector)).OrderDescending().Take(2).Average());
        if (perRole.Count > 0)
        {
            var mean = perRole.Values.Average();
            foreach (var (role, closeness) in perRole)
                if (closeness > mean) Add(role, 10 * (closeness - mean));
        }
        return result;
    }

    /// <summary>
    /// What the corpus says about each role, one statement at a time: the bullets and summaries of
    /// its "who it suits", focus and responsibilities sections, and the tasks it owns, embedded once
    /// (cached with the other vectors).
    /// </summary>
    private IReadOnlyList<(string Role, float[] Vector, float Weight)> Statements => _statements ??= LoadStatements();
    private IReadOnlyList<(string Role, float[] Vector, float Weight)>? _statements;

    private IReadOnlyList<(string Role, float[] Vector, float Weight)> LoadStatements()
    {
        var items = new List<(string Role, string Text, float Weight)>();
        foreach (var p in knowledge.Passages)
        {
            if (Owner(p) is not { } role) continue;
            var weight = p.Kind switch
            {
                PassageKind.Fit => 1f,
                PassageKind.Focus or PassageKind.Responsibilities => 0.85f,
                PassageKind.Ownership => 0.8f,
                _ => 0f,
            };
            if (weight == 0) continue;
            items.Add((role, p.Kind == PassageKind.Ownership ? $"{p.Heading}: {p.Summary}" : p.Summary, weight));
            if (p.Kind != PassageKind.Ownership)
                foreach (var d in p.Details) items.Add((role, Answers.Phrasing.Bullet(d), weight));
        }
        var vectors = store.Embed("fit-statements-" + VectorStore.Hash(items.Select(i => i.Text))[..12], items.Select(i => i.Text).ToList(),
            t => embeddings.Embedder.EmbedBatch(t));
        return items.Select((i, n) => (i.Role, vectors[n], i.Weight)).ToList();
    }

    private static readonly (PassageKind[] Kinds, double Weight)[] Sources =
    [
        ([PassageKind.Fit], 1.0),
        ([PassageKind.Focus, PassageKind.Responsibilities], 0.4),
        ([PassageKind.Ownership], 0.3),
        ([PassageKind.Glossary], 0.2),
    ];

    /// <summary>A "who it suits" passage speaks of one role; a task or term of its owner (listed first).</summary>
    private static string? Owner(Passage p) => p.Kind is PassageKind.Ownership or PassageKind.Glossary ? p.Roles.FirstOrDefault() : p.Roles.Count == 1 ? p.Roles[0] : null;

    private sealed record Clause(string Text, bool Positive);

    /// <summary>
    /// "I can't stand being paged at night but I love automating manual steps" → (being paged at
    /// night, against), (automating manual steps, for). A clause with no sign of its own continues
    /// a list after a comma ("not into kubernetes, terraform or on-call"), turns the one before
    /// round after a contrast word ("I hate meetings but give me a terminal"), and after a full stop
    /// is a wish.
    /// </summary>
    private static IEnumerable<Clause> Clauses(string text)
    {
        bool? previous = null;
        var separator = "";
        var start = 0;
        foreach (var m in ClauseBreak().Matches(text).Append(null))
        {
            var part = m is null ? text[start..] : text[start..m.Index];
            var before = separator;
            if (m is not null) { separator = m.Value.Trim(); start = m.Index + m.Length; }
            var clause = part.Trim();
            if (clause.Length == 0) continue;
            var negative = Negative().IsMatch(clause);
            var positive = !negative && Positive().IsMatch(clause);
            bool polarity = negative ? false : positive || previous is not bool p ? true
                : before == "," ? p : ContrastStart().IsMatch(before) ? !p : true;
            previous = polarity;
            yield return new Clause(Negative().Replace(FitWords().Replace(clause, " "), " ").Trim(), polarity);
        }
    }

    [GeneratedRegex(@"\s*(?:[.;!?]+|,|\bbut\b|\bthough\b|\balthough\b|\bhowever\b|\bwhereas\b|\bwhile\b|\byet\b|\bthan\b(?! (one|a|an|two|\d+)\b)|\band i\b|\bi also\b)\s*", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    /// <remarks>"than" too: "I'd rather build foundations than chase releases", "pipelines more than features"
    /// (not "more than one cloud": a break only before a clause). "while" breaks but does not turn round ("debugging while on call").</remarks>
    [GeneratedRegex(@"^\s*(but|though|although|however|whereas|yet|than)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ContrastStart();

    [GeneratedRegex(@"\b(hate[sd]?|hating|can'?t stand|cannot stand|can'?t bear|(don'?t|do not|doesn'?t|does not|never|not) (\w+ ){0,2}(like[sd]?|enjoy\w*|want(s|ed)?|love[sd]?|care|excite[sd]?|appeal(s|ing)?|interest(s|ed)?)\b|put[s]? me to sleep|doesn'?t (appeal|interest)|not (a|really a|much of a|the biggest) fan|no fan of|dislike[sd]?|avoid\w*|rather not|would rather not|never want|not (into|interested|keen|great|good|a big fan)|no interest|tired of|sick of|bored (by|of|with)|bores?( me)?|(?<!\b(make|makes|making|keep|keeps|keeping)\b[\w\s]{0,40})boring|dread\w*|allergic to|anything but|least favou?rite|worst|terrible at|bad at|struggle with|burn(ed|t)? out|not for me|nope|nightmare|drain\w*|exhaust\w*|stressful|scares? me|afraid of|can'?t deal|cannot deal|keep me away|without)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Negative();

    [GeneratedRegex(@"\b(enjoy\w*|like[sd]?|love[sd]?|prefer\w*|into|good (at|with)|passion\w*|obsessed|excit\w*|thrive|fun|interested|care about|cares about|drawn|fascinat\w*|happiest|rush|satisf\w*|favou?rite|want|wanna|keen|rather|give me|does it for me|my thing)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Positive();

    [GeneratedRegex(@"\b(enjoy\w*|like[sd]?|love[sd]?|prefer\w*|really|which|what|role|roles|one|path|career|job|suit|suits|fit|fits|best|right|for me|should i|become|choose|pick|help me|decide|torn|not sure|unsure|recommend|would|you|engineer|engineers|engineering|match|i'?m|i am|i)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FitWords();

    [GeneratedRegex(@"\b(or|between|vs|versus|torn)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Options();

}
