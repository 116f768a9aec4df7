using System.Text.RegularExpressions;
using RoleBot.Answers;
using RoleBot.Knowledge;
using RoleBot.Meaning;
using RoleBot.Search;
using RoleBot.Text;

namespace RoleBot.Understanding;

/// <summary>
/// Turns one message into an <see cref="Understood"/>. Exact rules decide what they are sure of: slash
/// commands, a greeting alone, query syntax, empty text. Everything else is read by meaning: the
/// message's sentence embedding goes to a classifier trained on the intent example files, and each
/// likely intent is then resolved against the corpus (the task a "who" question means, the term, the
/// roles that fit). The first reading that resolves wins; two close ones give "Did you mean …?".
/// </summary>
public sealed partial class MessageInterpreter
{
    public const int MaxMessageLength = 4000;

    /// <summary>Below this the best reading is a guess, and the message is answered as out of scope.</summary>
    private const float MinConfidence = 0.30f;

    private readonly KnowledgeBase _knowledge;
    private readonly PassageIndex _index;

    /// <summary>
    /// The who intent's framing words as the analyzer's terms, and with the onboarding intent's
    /// (<c>framing:</c> in their files): analysed once, not per question.
    /// </summary>
    private readonly HashSet<string> _whoTerms, _guideTerms;
    private readonly HybridSearch _search;
    private readonly QueryEmbeddings _embeddings;
    private readonly IntentRegistry _intents;
    private readonly IntentClassifier _classifier;
    private readonly SpellFixer _spell;
    private readonly HashSet<string> _roleWords;
    private readonly PhraseMatcher _roles;
    private readonly PhraseMatcher _terms;
    private readonly Dictionary<string, Passage> _termPassages = [];
    private readonly FitReader _fit;

    /// <summary>How many "who owns what" sections the corpus has (ours: one per task; raw articles: few or none).</summary>
    private readonly int _ownershipSections;

    /// <summary>The corpus lists who owns what (ours); raw articles have a stray "ownership" paragraph at most.</summary>
    private bool ListsOwners => _ownershipSections >= 10;

    private readonly TaskExamples _tasks;

    public IntentRegistry Intents => _intents;

    public MessageInterpreter(KnowledgeBase knowledge, HybridSearch search, QueryEmbeddings embeddings, VectorStore store)
    {
        _knowledge = knowledge;
        _index = search.Index;
        _search = search;
        _embeddings = embeddings;
        _intents = knowledge.Intents;
        _whoTerms = FramingTerms(Intent.Who);
        _guideTerms = [.. _whoTerms, .. FramingTerms(Intent.Onboard)];
        // Framing words are words we know ("slack" is not a typo of "stack"), not words to correct others into.
        _spell = new SpellFixer(knowledge.Vocabulary.Concat(knowledge.Intents.Intents.SelectMany(i => i.Framing).SelectMany(w => Words.Tokenize(w))), Cues.Lexicon.Concat(LeftBehindWords).Concat(SaysWhoIAm).Concat(WantsToBe).Concat(TransitionWords)
            .Concat(knowledge.Catalog.Roles.SelectMany(r => r.Aliases).SelectMany(a => Words.Tokenize(a))));
        _roles = new PhraseMatcher(_spell.IsKnown);
        foreach (var role in knowledge.Catalog.Roles)
            foreach (var alias in role.Aliases) _roles.Add(role.Id, alias);
        _roleWords = knowledge.Catalog.Roles.SelectMany(r => r.Aliases).Select(a => Words.Tokenize(a)).Where(t => t.Count == 1).Select(t => t[0]).ToHashSet();
        _terms = new PhraseMatcher(_spell.IsKnown);
        // The corpus's glossary, or the built-in one for raw articles: jargon is recognised either way.
        foreach (var p in knowledge.Glossary)
        {
            var key = p.Id.ToString();
            _termPassages[key] = p;
            foreach (var name in TermNames(p)) _terms.Add(key, name);
        }
        _fit = new FitReader(knowledge, search, embeddings, store, text => Read(StripGreeting(Clean(text).ToLowerInvariant())).ModelText);
        _ownershipSections = knowledge.Passages.Count(p => p.Kind == PassageKind.Ownership);
        _tasks = new TaskExamples(knowledge, store, t => embeddings.Embedder.EmbedBatch(t), text => Read(StripGreeting(Clean(text).ToLowerInvariant())).ModelText);

        _classifier = LoadOrTrain(store);
    }

    // ---- the classifier ----

    /// <summary>
    /// Trains on the example files only (never on an evaluation set), each example read exactly as a
    /// message would be, or loads the weights learned last time from the same examples.
    /// </summary>
    private IntentClassifier LoadOrTrain(VectorStore store)
    {
        var (texts, labels, features, _) = TrainingSet(store);
        var key = "intents-" + VectorStore.Hash(texts.Concat(labels).Append(SentenceEmbedder.ModelId).Append(FeatureVersion).Append(IntentClassifier.Version));
        var cached = IntentClassifier.Deserialize(store.ReadBlob(key + ".model"), features[0].Dense.Length);
        if (cached is not null && cached.Labels.SequenceEqual(labels.Distinct().Order(StringComparer.Ordinal))) return cached;
        var trained = IntentClassifier.Train(features, labels);
        store.WriteBlob(key + ".model", trained.Serialize());
        return trained;
    }

    private (List<string> Texts, List<string> Labels, List<IntentSample> Features, List<int> Groups) TrainingSet(VectorStore store)
    {
        var examples = _intents.Intents.SelectMany(i => i.Examples.Select(e => (Text: e, Label: i.Intent.Id)))
            .SelectMany((e, i) => WithAside(e.Text, i).Select(text => (Text: text, e.Label, Group: i)))
            .Select(e => (Reading: Read(StripGreeting(Clean(e.Text).ToLowerInvariant())), e.Label, e.Group))
            .Where(e => e.Reading.Tokens.Count > 0)
            .ToList();
        var texts = examples.Select(e => e.Reading.ModelText).ToList();
        var vectors = store.Embed("intent-examples", texts, t => _embeddings.Embedder.EmbedBatch(t));
        return (texts, examples.Select(e => e.Label).ToList(), examples.Select((e, i) => Features(vectors[i], e.Reading)).ToList(), examples.Select(e => e.Group).ToList());
    }

    /// <summary>
    /// The example, and for every third one a copy with an aside at the end or the front (in turn),
    /// so that no aside becomes a cue for the intent it happens to sit in.
    /// </summary>
    private IEnumerable<string> WithAside(string example, int i)
    {
        yield return example;
        if (_intents.Asides.Count == 0 || i % 3 != 0) yield break;
        var aside = _intents.Asides[i / 3 % _intents.Asides.Count];
        yield return i % 2 == 0 ? $"{example} {aside}" : $"{aside} {example}";
    }

    /// <summary>
    /// How well the example files teach each intent: k-fold cross-validation over the examples alone
    /// (each fold trained on the rest), with the examples most often mistaken. For curators.
    /// </summary>
    public string CrossValidate(VectorStore store, int folds = 5)
    {
        var (texts, labels, features, groups) = TrainingSet(store);
        var predicted = new string[texts.Count];
        // Folds by original example, so an example and its copy with an aside never sit on both sides.
        for (var f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, texts.Count).Where(i => groups[i] % folds != f).ToList();
            var model = IntentClassifier.Train(train.Select(i => features[i]).ToList(), train.Select(i => labels[i]).ToList());
            foreach (var i in Enumerable.Range(0, texts.Count).Where(i => groups[i] % folds == f))
            {
                var p = model.Predict(features[i]);
                predicted[i] = model.Labels[Array.IndexOf(p, p.Max())];
            }
        }
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"{folds}-fold cross-validation over {texts.Count} examples: {Enumerable.Range(0, texts.Count).Count(i => predicted[i] == labels[i]) * 100.0 / texts.Count:F1}% right");
        foreach (var g in Enumerable.Range(0, texts.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
            sb.AppendLine($"  {g.Key,-12} {g.Count(i => predicted[i] == labels[i]) * 100.0 / g.Count(),5:F1}%  ({g.Count()} examples)");
        sb.AppendLine("mistaken:");
        foreach (var i in Enumerable.Range(0, texts.Count).Where(i => predicted[i] != labels[i]))
            sb.AppendLine($"  {labels[i]} → {predicted[i]}: {texts[i]}");
        return sb.ToString();
    }

    private const string FeatureVersion = "features-v1";

    /// <summary>
    /// The embedding (scaled to about unit variance per dimension), what the phrase matchers found
    /// (how many roles are named, whether a glossary term is), and the hashed word unigrams and
    /// bigrams with role and term names folded into placeholders, so "devops vs sre" and "cloud vs
    /// platform" teach the same n-grams.
    /// </summary>
    private static IntentSample Features(float[] embedding, Parsed r)
    {
        var x = new float[SentenceEmbedder.Dimensions + 4];
        for (var i = 0; i < embedding.Length; i++) x[i] = embedding[i] * 10f;
        var n = SentenceEmbedder.Dimensions;
        x[n + Math.Min(r.Roles.Count, 2)] = 1f;
        x[n + 3] = r.Term is null ? 0f : 1f;
        var words = new List<string>(r.Tokens.Count + 2) { "<s>" };
        for (var i = 0; i < r.Tokens.Count; i++)
        {
            if (r.RoleMatches.FirstOrDefault(m => m.Start == i) is { } role) { words.Add("<role>"); i += role.Length - 1; }
            else if (r.TermMatch is { } term && term.Start == i) { words.Add("<term>"); i += term.Length - 1; }
            else words.Add(r.Tokens[i]);
        }
        var grams = new HashSet<int>();
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0) grams.Add(Bucket(words[i]));
            if (i + 1 < words.Count) grams.Add(Bucket(words[i] + " " + words[i + 1]));
        }
        return new IntentSample(x, grams.ToArray());
    }

    /// <summary>A stable hash (FNV-1a) of an n-gram into the classifier's buckets: the same in every process.</summary>
    private static int Bucket(string gram)
    {
        var h = 2166136261u;
        foreach (var c in gram) { h ^= c; h *= 16777619u; }
        return (int)(h % IntentClassifier.WordBuckets);
    }

    /// <summary>What the phrase matchers make of a message, and the text the model reads.</summary>
    private sealed record Parsed(List<string> Tokens, string FixedText, List<PhraseMatch> RoleMatches, List<string> Roles, Passage? Term, PhraseMatch? TermMatch, string ModelText)
    {
        /// <summary>Names a job title that is not one of ours ("security engineer", "data scientist").</summary>
        public bool OtherJob { get; init; }

        /// <summary>Moving into another job is the point ("switch from SRE into data science"): the role named is the one left.</summary>
        public bool WantsOtherJob { get; init; }
    }

    /// <summary>
    /// "devops/sre/platform" is three roles. The tokenizer keeps a slash inside a word ("CI/CD",
    /// "blue/green" are one term each), so it is split here, and only when every part names a role.
    /// </summary>
    private List<string> SplitJoinedRoles(List<string> tokens) =>
        tokens.SelectMany(t => t.Contains('/') && t.Split('/') is { Length: > 1 } parts && parts.All(_roleWords.Contains) ? parts : [t]).ToList();

    /// <summary>A message's words as the reader sees them: slashed roles apart, typos fixed.</summary>
    private List<string> Tokens(string text) => _spell.Fix(SplitJoinedRoles(Words.Tokenize(text)));

    private Parsed Read(string text)
    {
        var tokens = Tokens(text);
        var termMatch = BestTerm(tokens);
        var term = termMatch is null ? null : _termPassages[termMatch.Key];
        // A role word inside a longer term ("developer portal", "platform as a product") is the term's.
        var roleMatches = _roles.Find(tokens)
            .Where(m => termMatch is null || termMatch.Length <= m.Length || m.Start + m.Length <= termMatch.Start || m.Start >= termMatch.Start + termMatch.Length)
            .ToList();
        var roles = roleMatches.Select(m => m.Key).Distinct().ToList();
        // The model knows "site reliability engineer" far better than "sre": role names are spelt out.
        var model = new List<string>(tokens.Count + 4);
        for (var i = 0; i < tokens.Count; i++)
        {
            var match = roleMatches.FirstOrDefault(m => m.Start == i);
            if (match is not null)
            {
                model.Add(_knowledge.Catalog.Get(match.Key).Name.ToLowerInvariant());
                i += match.Length - 1;
            }
            else model.Add(tokens[i]);
        }
        return new Parsed(tokens, string.Join(' ', tokens), roleMatches, roles, term, termMatch, string.Join(' ', model))
        {
            OtherJob = NamesOtherJob(tokens, roleMatches), WantsOtherJob = MovesToOtherJob(tokens, roleMatches),
        };
    }

    /// <summary>
    /// "&lt;word&gt; engineer", "&lt;word&gt; scientist" and the like where the words are no role of ours:
    /// a question about another job, to be declined rather than answered with the nearest role.
    /// </summary>
    private static bool NamesOtherJob(List<string> tokens, List<PhraseMatch> roles) =>
        Enumerable.Range(1, Math.Max(0, tokens.Count - 1)).Any(i => OtherJobAt(tokens, roles, i));

    private static bool OtherJobAt(List<string> tokens, List<PhraseMatch> roles, int i) =>
        i > 0 && JobNouns.Contains(tokens[i]) && !GenericQualifiers.Contains(tokens[i - 1]) &&
        !roles.Any(m => m.Start <= i && i < m.Start + m.Length || m.Start + m.Length == i);

    /// <summary>
    /// After the last word of moving ("into", "become", "switch"), another job or field comes before
    /// any role of ours that is wanted: "how do I move from SRE into product management?", "become a
    /// data engineer after 5 years as a cloud engineer" (the cloud engineer is the past).
    /// </summary>
    private static bool MovesToOtherJob(List<string> tokens, List<PhraseMatch> roles)
    {
        var moving = tokens.FindLastIndex(t => TransitionWords.Contains(t));
        if (moving < 0) return false;
        var other = Enumerable.Range(moving + 1, tokens.Count - moving - 1)
            .FirstOrDefault(i => OtherFields.Contains(tokens[i]) || OtherJobAt(tokens, roles, i), -1);
        if (other < 0) return false;
        var wanted = roles.Where(m => m.Start > moving && !LeftBehind(m, tokens)).Select(m => m.Start).DefaultIfEmpty(int.MaxValue).Min();
        return other < wanted;
    }

    /// <summary>Fields of work that are not ours, as people name a move into them ("into sales", "data science").</summary>
    private static readonly HashSet<string> OtherFields =
    [
        "science", "management", "sales", "marketing", "ux", "leadership", "law", "finance", "consulting", "teaching",
        "academia", "medicine", "nursing", "accounting", "hr", "recruiting", "journalism",
    ];

    private static readonly HashSet<string> JobNouns =
    [
        "engineer", "engineers", "scientist", "scientists", "analyst", "analysts", "manager", "managers", "designer", "designers",
        "architect", "architects", "administrator", "administrators", "admin", "admins", "tester", "testers", "specialist",
        "specialists", "consultant", "consultants", "officer", "officers",
    ];

    /// <summary>Words that qualify one of our roles rather than name another job ("a senior engineer", "our infra engineers").</summary>
    private static readonly HashSet<string> GenericQualifiers =
    [
        "a", "an", "the", "our", "my", "your", "their", "his", "her", "this", "that", "these", "those", "as", "one", "two", "any", "every",
        "each", "other", "which", "what", "new", "good", "great", "best", "better", "senior", "junior", "lead", "staff", "principal",
        "mid", "level", "entry", "hiring", "infra", "infrastructure", "ops", "operations", "systems", "system", "software", "of", "for",
        "and", "or", "to", "an", "experienced", "first", "fellow", "an", "engineering", "tooling", "hiring", "product",
    ];

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

    /// <summary>The roles and the glossary term a message names, read as a question would be.</summary>
    public (IReadOnlyList<string> Roles, Passage? Term) Mentions(string? message)
    {
        var reading = Read(StripGreeting(Clean(message).ToLowerInvariant()));
        return (reading.Roles, reading.Term);
    }

    /// <summary>The classifier's best reading of a message, before it is resolved against the corpus.</summary>
    public Intent TopIntent(string? message) => new(Explain(message)[0].Intent);

    /// <summary>The classifier's view of a message: every intent with its probability, best first.</summary>
    public IReadOnlyList<(string Intent, float Probability)> Explain(string message)
    {
        var reading = Read(StripGreeting(Clean(message).ToLowerInvariant()));
        var p = _classifier.Predict(Features(_embeddings.Get(reading.ModelText), reading));
        return _classifier.Labels.Select((l, i) => (l, p[i])).OrderByDescending(e => e.Item2).ToList();
    }

    public Understood Interpret(string? message)
    {
        var text = Clean(message);
        if (text.Length == 0) return new Understood(Intent.Help, [], 1.0, text);
        if (text.StartsWith('/')) return SlashCommand(text);
        return FreeText(text);
    }

    /// <summary>
    /// A pressed follow-up's reading as an understood message, without reading any text again; null
    /// when it names an intent, role or topic this corpus does not have (a forged or stale button),
    /// and the label is then asked as text.
    /// </summary>
    public Understood? FromReading(Reading reading)
    {
        var intent = new Intent(reading.Intent);
        if (!_intents.Contains(intent) || reading.Roles.Any(r => _knowledge.Catalog.Find(r) is null)) return null;
        Passage? topic = null;
        if (reading.Topic is not null && !_knowledge.PassagesByTopic.TryGetValue(reading.Topic, out topic)) return null;
        var text = Clean(reading.Text);
        return new Understood(intent, reading.Roles.Distinct().ToList(), 1.0, text)
        {
            Term = topic?.Kind == PassageKind.Glossary ? topic : null,
            Task = topic is not null && topic.Kind != PassageKind.Glossary ? topic : null,
            Command = reading.Command is { } c && _intents.Command(c) is not null ? c : null,
            Tie = reading.Tie && reading.Roles.Count == 2,
            Dislikes = reading.Dislikes.Select(Clean).Where(d => d.Length > 0).ToList(),
        };
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

    private static string StripGreeting(string lower) => Cues.GreetingPrefix.Replace(lower, "").Trim();

    // ---- slash commands ----

    private Understood SlashCommand(string text)
    {
        var m = Regex.Match(text, @"^/([A-Za-z-]+)\s*(.*)$");
        var name = m.Success ? m.Groups[1].Value.ToLowerInvariant() : "";
        var args = m.Success ? m.Groups[2].Value.Trim() : "";
        if (_intents.Command(name) is not { } found)
            return new Understood(Intent.Help, [], 1.0, text) { Command = name, Problem = $"I don't know the command /{Echo(name)}." };
        if (found.Command.TakesQuestion)
        {
            // "/rolebot <anything>": the same as asking in chat.
            return args.Length == 0 ? new Understood(Intent.Help, [], 1.0, "") { Command = name } : Interpret(args) with { Command = name };
        }

        var intent = found.Intent.Intent;
        // Arguments with nothing readable in them (emoji, control characters) are no arguments.
        if (Echo(args).Length == 0) args = "";
        var tokens = Tokens(args);
        var roles = _roles.Find(tokens).Select(x => x.Key).Distinct().ToList();
        var result = new Understood(intent, roles, 1.0, args) { Command = name };
        if (intent == Intent.Compare)
        {
            if (roles.Count < 2)
                return result with { Problem = roles.Count == 0 && args.Length > 0 ? $"I don't know the role(s) \"{Echo(args)}\"." : "Name two to four roles to compare." };
            if (roles.Count > 4)
                return result with { Roles = roles.Take(4).ToList(), Problem = "I compare up to four roles at a time; here are the first four." };
        }
        else if (intent == Intent.Define && roles.Count == 0)
            return result with { Problem = args.Length > 0 ? $"I don't know the role \"{Echo(args)}\"." : "Name the role, for example /role sre." };
        else if ((intent == Intent.Interview || intent == Intent.Tools || intent == Intent.Skills) && roles.Count == 0 && args.Length > 0)
            return result with { Problem = $"I don't know the role \"{Echo(args)}\"." };
        else if (intent == Intent.Who)
            return args.Length == 0 ? result with { Problem = "Tell me the task, e.g. /who writes the runbooks." } : ResolveWho(result, Read(args.ToLowerInvariant()), null) ?? result with { Problem = $"I don't know who owns \"{Echo(args)}\"." };
        else if (intent == Intent.Fit)
            return _fit.Resolve(result, args.ToLowerInvariant(), tokens, roles, null);
        else if (intent == Intent.Concept)
        {
            var term = args.Length == 0 ? null : TermIn(Read(args.ToLowerInvariant()), null);
            return term is null
                ? result with { Problem = args.Length == 0 ? "Name the term, for example /term error budget." : $"I don't have \"{Echo(args)}\" in my glossary yet." }
                : result with { Term = term, Roles = term.Roles.Take(1).ToList() };
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
        var lower = original.ToLowerInvariant();
        var text = StripGreeting(lower);
        var raw = lower.Trim(' ', '!', '.', '?', ',', ':', ')', '(');
        if (Cues.Greeting.IsMatch(raw) || Cues.Greeting.IsMatch(text.Trim(' ', '!', '.', '?', ',')))
            return new Understood(Intent.Greeting, [], 0.95, original);
        if (text.Length == 0) return new Understood(Intent.Greeting, [], 0.9, original);

        var reading = Read(text);
        if (reading.Tokens.Count == 0) return new Understood(Intent.Unknown, [], 0.9, original);
        // Search syntax typed as a message is not a question, whatever words it holds.
        if (Cues.LooksLikeQuerySyntax(original) && !Cues.Definitional.IsMatch(reading.FixedText) && reading.Tokens.Count < 12)
            return new Understood(Intent.Unknown, [], 0.8, original);
        // Pay is declined before the model: "which pays better, developer or sre?" reads as a comparison.
        if (Cues.Pay.IsMatch(reading.FixedText)) return new Understood(Intent.Unknown, [], 0.9, original);

        var vector = _embeddings.Get(reading.ModelText);
        var probabilities = _classifier.Predict(Features(vector, reading));
        var ranked = Enumerable.Range(0, probabilities.Length)
            .Select(i => (Intent: new Intent(_classifier.Labels[i]), P: probabilities[i]))
            .Where(c => _intents.Contains(c.Intent))
            .OrderByDescending(c => c.P)
            .ToList();

        // The likely readings in order; each must make sense against the corpus to count.
        var readings = new List<Understood>();
        foreach (var (intent, p) in ranked.Take(4))
        {
            if (p < 0.05f) break;
            if (Resolve(intent, p, original, reading, vector) is { } u) readings.Add(u);
            if (readings.Count == 2) break;
        }
        if (readings.Count == 0 || readings[0].Confidence < MinConfidence || readings[0].Intent == Intent.Unknown)
            return new Understood(Intent.Unknown, [], readings.Count == 0 ? 0.5 : Math.Max(readings[0].Confidence, 1 - ranked[0].P), original) { Choices = NearMisses(reading.Tokens) };

        var best = readings[0] with { Vector = vector };
        if (best.Choices.Count > 0) return best;
        // Two readings nearly as likely, both answerable and different: ask rather than guess.
        if (readings.Count == 2 && readings[1].Confidence >= 0.75 * best.Confidence && best.Confidence < 0.6 &&
            readings[1].Intent != Intent.Unknown && readings[1].Intent != Intent.Greeting && best.Intent != Intent.Greeting)
        {
            // Each choice carries the reading it stands for, so pressing it answers exactly that.
            var choices = readings.Select(r => Phrase(r) is { } c ? c with { Reading = Reading.Of(r) } : null).OfType<Suggestion>().DistinctBy(s => s.Message).ToList();
            if (choices.Count == 2) return best with { Choices = choices };
        }
        return best;
    }

    /// <summary>
    /// One intent's reading of the message, or null when it doesn't fit the corpus (a "who" question
    /// about no task we know, a definition of no role).
    /// </summary>
    private Understood? Resolve(Intent intent, float p, string original, Parsed r, float[] vector)
    {
        var u = new Understood(intent, r.Roles, Math.Round(p * Math.Max(0.6, 1 - 0.1 * r.RoleMatches.Sum(m => m.Edits)), 3), original);
        // Another job and none of ours: no role answer fits ("tools a security engineer uses").
        // Moving into another job: the role named is the one left, and no role answer fits either.
        if ((r.OtherJob && r.Roles.Count == 0 || r.WantsOtherJob) && (intent == Intent.Define || intent == Intent.Compare || intent == Intent.Interview ||
                                                  intent == Intent.Tools || intent == Intent.Skills || intent == Intent.Fit))
            return null;
        if (intent == Intent.Define)
            return r.Roles.Count == 0 ? null : u with { Roles = Target(r.RoleMatches, r.Tokens) };
        if (intent == Intent.Compare)
        {
            if (r.Roles.Count >= 1) return u;
            // "what's the difference between these roles": all of them; otherwise not a comparison.
            return AllRoles().IsMatch(r.FixedText) ? u : null;
        }
        if (intent == Intent.Interview || intent == Intent.Tools || intent == Intent.Skills)
            return u with { Roles = Target(r.RoleMatches, r.Tokens) };
        if (intent == Intent.Fit)
            return _fit.Resolve(u, StripGreeting(original.ToLowerInvariant()), r.Tokens, r.Roles, vector);
        // A newcomer asking whom to ask or where is onboarding: the answer is our team and its channel.
        if (intent == Intent.Who && _intents.Contains(Intent.Onboard) && Cues.Newcomer.IsMatch(original) && Cues.WhereToAsk.IsMatch(original))
            return ResolveOnboard(u with { Intent = Intent.Onboard }, r, vector);
        if (intent == Intent.Who)
            return ResolveWho(u, r, vector);
        if (intent == Intent.Concept)
            return TermIn(r, vector) is { } term ? u with { Term = term, Roles = term.Roles.Take(1).ToList() } : null;
        if (intent == Intent.Collaborate)
            return u;
        if (intent == Intent.Onboard)
            return ResolveOnboard(u, r, vector);
        if (intent == Intent.Roles || intent == Intent.Help || intent == Intent.Greeting || intent == Intent.Unknown)
            return u with { Roles = [] };
        // An intent declared as data only: its roles are the ones named.
        return u;
    }

    [GeneratedRegex(@"\b(roles|jobs|titles|them|these|those|all|three|four|each)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AllRoles();

    /// <summary>A reading said back as a choice: the label a person reads and the command that gives exactly it.</summary>
    private Suggestion? Phrase(Understood u)
    {
        string Name(string id) => _knowledge.Catalog.Get(id).Name;
        string Short(string id) => _knowledge.Catalog.Get(id).Short;
        if (u.Intent == Intent.Who && u.Task is not null)
            return new($"Who owns {Phrasing.LowerFirst(u.Task.Heading)}?", $"/who {u.Task.Heading.ToLowerInvariant()}");
        if (u.Intent == Intent.Concept && u.Term is not null)
            return new($"What does \"{Phrasing.LowerFirst(Phrasing.TermShort(u.Term))}\" mean?", $"/term {Phrasing.TermShort(u.Term)}");
        if (u.Intent == Intent.Define && u.Roles.Count > 0)
            return new($"What does {Phrasing.A(Name(u.Roles[0]))} do?", $"/role {u.Roles[0]}");
        if (u.Intent == Intent.Compare && u.Roles.Count >= 2)
            return new($"Compare {string.Join(" and ", u.Roles.Select(Short))}", $"/compare {string.Join(' ', u.Roles)}");
        if (u.Intent == Intent.Tools || u.Intent == Intent.Skills || u.Intent == Intent.Interview)
        {
            var topic = u.Intent == Intent.Tools ? "Tools" : u.Intent == Intent.Skills ? "Skills" : "Interview tips";
            return u.Roles.Count == 0 ? null : new($"{topic} for {_knowledge.Catalog.Get(u.Roles[0]).Plural}", $"/{u.Intent.Id} {u.Roles[0]}");
        }
        if (u.Intent == Intent.Fit) return new("Which role fits me?", "/fit " + Echo(u.Text));
        if (u.Intent == Intent.Collaborate)
            return u.Roles.Count >= 2
                ? new($"How do {Short(u.Roles[0])} and {Short(u.Roles[1])} work together?", $"how do {Short(u.Roles[0])} and {Short(u.Roles[1])} work together?")
                : new("How do the roles work together?", "how do the roles work together?");
        if (u.Intent == Intent.Roles) return new("Which roles do you know?", "/roles");
        if (u.Intent == Intent.Help) return new("What can you do?", "/help");
        return null;
    }

    private static readonly HashSet<string> LeftBehindWords = ["from", "ex", "former", "formerly", "currently"];
    private static readonly HashSet<string> SaysWhoIAm = ["i'm", "im", "am", "was", "been", "as", "being"];

    /// <summary>"work as an SRE", "hired as a developer": the role after "as" is the one wanted, not left behind.</summary>
    private static readonly HashSet<string> WantsToBe = ["work", "working", "job", "hired", "start", "starting", "career", "role", "position", "apply", "applying", "join", "joining"];

    private static readonly HashSet<string> TransitionWords = ["become", "becoming", "into", "to", "switch", "move", "moving", "transition", "pivot", "join"];

    /// <summary>
    /// "From dev to SRE", "I'm a backend dev and want to become a platform engineer": the role
    /// being moved into is the one asked about, not the one left behind.
    /// </summary>
    private static List<string> Target(List<PhraseMatch> roleMatches, List<string> tokens)
    {
        var roles = roleMatches.Select(m => m.Key).Distinct().ToList();
        if (roles.Count < 2) return roles;
        // The roles the person has been are not the ones asked about.
        var kept = roleMatches.Where(m => !LeftBehind(m, tokens)).Select(m => m.Key).Distinct().ToList();
        if (kept.Count > 0 && kept.Count < roles.Count) return kept;
        var lastTransition = tokens.FindLastIndex(t => TransitionWords.Contains(t));
        if (lastTransition < 0) return roles;
        var after = roleMatches.Where(m => m.Start > lastTransition).Select(m => m.Key).Distinct().ToList();
        return after.Count > 0 ? after : roles;
    }

    /// <summary>
    /// A role the person is leaving or has been: "currently a junior backend dev", "i'm a mid-level
    /// developer", "as a sysadmin" (the words that say who the person is come up to four words before
    /// the role), "dev background", "SRE experience".
    /// </summary>
    private static bool LeftBehind(PhraseMatch m, List<string> tokens) =>
        Enumerable.Range(Math.Max(0, m.Start - 4), Math.Min(4, m.Start)).Any(i => LeftBehindWords.Contains(tokens[i]) ||
            SaysWhoIAm.Contains(tokens[i]) && tokens[i + 1] is "a" or "an" && !(i > 0 && WantsToBe.Contains(tokens[i - 1]))) ||
        tokens.Skip(m.Start + m.Length).Take(2).Any(t => t is "background" or "experience" or "years");

    // ---- terms ----

    private PhraseMatch? BestTerm(List<string> tokens) =>
        _terms.Find(tokens).OrderByDescending(m => m.Length).ThenBy(m => m.Edits).FirstOrDefault();

    /// <summary>
    /// The glossary entry a message is about: one it names, else the entry closest in words and
    /// meaning, when it is close enough to be the subject ("that thing where you send 5% of traffic
    /// to the new version" → canary release).
    /// </summary>
    private Passage? TermIn(Parsed r, float[]? vector)
    {
        if (r.Term is not null) return r.Term;
        // Slash commands come without a vector: the words alone decide, and the model is not run.
        var hit = _search.Search(r.FixedText, vector, new SearchFilter { Kinds = [PassageKind.Glossary] }, 1).FirstOrDefault();
        if (hit is null) return null;
        return vector is not null && hit.Cosine >= 0.45f || CoversQuestion(hit.Passage, r.Tokens) ? hit.Passage : null;
    }

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

    /// <summary>Role names a word nearly spells, for "Did you mean …?" on an unknown message.</summary>
    private List<Suggestion> NearMisses(List<string> tokens)
    {
        var choices = new List<Suggestion>();
        foreach (var token in tokens.Where(t => t.Length >= 3 && !_spell.IsKnown(t)))
        {
            foreach (var role in _knowledge.Catalog.Roles)
            {
                var close = role.Aliases.Where(a => !a.Contains(' ')).Any(a => Words.Distance(token, a, 2) <= (a.Length <= 4 ? 1 : 2));
                if (close && choices.All(c => !c.Label.Contains(role.Short)))
                    choices.Add(new Suggestion($"What does {Phrasing.A(role.Name)} do?", $"/role {role.Id}"));
            }
        }
        return choices.Take(3).ToList();
    }

    // ---- who owns a task ----

    private HashSet<string> FramingTerms(Intent intent) =>
        _index.Analyzer.Terms(string.Join(' ', _intents.Find(intent)?.Framing ?? [])).ToHashSet();

    /// <summary>
    /// The ownership section a question means, closest in words and meaning ("the build pipeline is
    /// red" → CI/CD pipelines → DevOps). Null when no section is close: not every "who" is a task.
    /// </summary>
    /// <param name="closeEnough">How close in meaning (to the section or to an example) a task must be:
    /// a question read as "who" can take a loosely described task; a newcomer's question names one only if it is clearly there.</param>
    /// <param name="meaningOnly">Words alone do not name the task: "day 1, where do I start?" shares "start" with a
    /// section, but a newcomer's general question must be close in meaning to name one.</param>
    private Understood? ResolveWho(Understood u, Parsed r, float[]? vector, (float Section, float Example)? closeEnough = null, bool meaningOnly = false)
    {
        // A slash command (no vector) is matched by its words only: "/who runbooks" needs no model.
        // Search the words as typed: the analyzer keeps "on-call" and "CI/CD" whole, tokens don't.
        var query = u.Text.Length > 0 ? u.Text : r.FixedText;
        // "/who <a task's own heading>" (a follow-up or a "Did you mean" choice) means that task exactly.
        if (vector is null && _knowledge.Passages.FirstOrDefault(p => p.Kind == PassageKind.Ownership && p.Roles.Count > 0 &&
                                                                  p.Heading.Equals(query.Trim(), StringComparison.OrdinalIgnoreCase)) is { } named)
            return u with { Intent = Intent.Who, Roles = [named.Roles[0]], Task = named };
        // The roles a person names ("us devs or the devops folks?") are candidates, not the task:
        // the task is found by the rest of the words, or the section mentioning those roles wins.
        // Raw articles have no such sections: their prose is searched with the roles left in.
        var (sectionQuery, sectionVector) = vector is not null && r.RoleMatches.Count > 0 && ListsOwners && WithoutRoles(r) is { Length: > 0 } task
            ? (task, _embeddings.Get(task)) : (query, vector);
        var hits = TasksFor(sectionQuery, sectionVector, vector, out var asked);
        var taskTerms = _index.Analyzer.Terms(sectionQuery).Except(_whoTerms).Distinct().ToList();
        // "who owns it?" names no task: ask which one rather than guess.
        if (taskTerms.Count == 0) return u with { Intent = Intent.Who, Roles = [], Confidence = Math.Min(u.Confidence, 0.5), Problem = "Which task do you mean? For example: who writes the runbooks?" };
        if (hits.Count == 0) return OwnerFromProse(u, query, vector);
        var best = hits[0];
        if (best.Passage.Roles.Count == 0) return null;
        var passageTerms = _index.Analyzer.Terms(best.Passage.Heading + " " + string.Join(" ", best.Passage.Aliases) + " " + best.Passage.Text).ToHashSet();
        var covered = taskTerms.Count(passageTerms.Contains);
        // The task must really be one we know: close in meaning, or most of its words in the section.
        var wordsCover = covered > 0 && covered * 3 >= taskTerms.Count;
        // A corpus that lists who owns what (ours) knows its tasks: a weak match is no task. Raw
        // articles have a stray "ownership" paragraph at most: ask the prose instead.
        // Close to how people ask about the task counts as close in meaning too.
        var (section, example) = closeEnough ?? WhoCosine;
        var close = best.Cosine >= section || asked.GetValueOrDefault(best.Passage) >= example;
        if (vector is null ? !wordsCover : !close && (meaningOnly || !wordsCover)) return ListsOwners ? null : OwnerFromProse(u, query, vector);
        // Two tasks with different owners that fit almost equally: ask rather than guess.
        if (hits.Count > 1 && hits[1].Passage.Roles.FirstOrDefault() is { } other && other != best.Passage.Roles[0] &&
            hits[1].Score >= best.Score * 0.97 && Math.Abs(hits[1].Cosine - best.Cosine) < 0.02f)
        {
            return u with
            {
                Intent = Intent.Who, Roles = [best.Passage.Roles[0]], Task = best.Passage, Confidence = Math.Min(u.Confidence, 0.5),
                Choices = hits.Take(2).Select(h => new Suggestion($"Who owns {Phrasing.LowerFirst(h.Passage.Heading)}?", "/who " + h.Passage.Heading.ToLowerInvariant())).ToList(),
            };
        }
        return u with { Intent = Intent.Who, Roles = [best.Passage.Roles[0]], Task = best.Passage };
    }

    /// <summary>
    /// The ownership sections closest to a question, best three: by words and meaning of the sections
    /// themselves, fused by rank with how close the question is to the ways people have asked about
    /// each (<see cref="TaskExamples"/>). A hit's cosine stays the section's; how close the question is
    /// to the task's closest example comes back in <paramref name="asked"/>. Examples are compared with
    /// the question as asked, roles and all: they name roles the same way.
    /// </summary>
    private List<HybridHit> TasksFor(string query, float[]? sectionVector, float[]? vector, out Dictionary<Passage, float> asked)
    {
        asked = [];
        var filter = new SearchFilter { Kinds = [PassageKind.Ownership] };
        if (vector is null || _tasks.IsEmpty) return _search.Search(query, sectionVector, filter, 3).ToList();
        var fused = _search.Search(query, sectionVector, filter, _ownershipSections).ToDictionary(h => h.Passage);
        var byExample = _tasks.Rank(vector);
        for (var rank = 0; rank < byExample.Count; rank++)
        {
            var (task, cosine) = byExample[rank];
            var hit = fused.GetValueOrDefault(task) ?? new HybridHit(task, 0, _search.Cosine(sectionVector!, task));
            fused[task] = hit with { Score = hit.Score + ExampleWeight / (61 + rank) };
            asked[task] = cosine;
        }
        return fused.Values.OrderByDescending(h => h.Score).ThenByDescending(h => h.Cosine).Take(3).ToList();
    }

    /// <summary>How much the ranking by examples counts against the two rankings of the sections themselves.</summary>
    private const double ExampleWeight = 1;

    /// <summary>How close a "who" question must be to a task, and a newcomer's question to name one (chosen on realistic-dev-3.jsonl).</summary>
    /// <remarks>A newcomer's "where do I ask about X" is held to more for an example than a section: questions are
    /// closer to questions than to prose, and "which channels should I join?" is close to many questions.</remarks>
    private static readonly (float Section, float Example) WhoCosine = (0.20f, 0.20f), WhereCosine = (0.20f, 0.35f), OnboardCosine = (0.45f, 0.45f);

    private static readonly HashSet<string> RoleFillers = ["folks", "people", "guys", "team", "teams", "person", "crew", "squad", "side", "lot"];

    /// <summary>The message's words without the roles it names (and "folks", "team" after them).</summary>
    private static string WithoutRoles(Parsed r)
    {
        var keep = new List<string>(r.Tokens.Count);
        for (var i = 0; i < r.Tokens.Count; i++)
        {
            var match = r.RoleMatches.FirstOrDefault(m => m.Start == i);
            if (match is null) { keep.Add(r.Tokens[i]); continue; }
            i += match.Length - 1;
            while (i + 1 < r.Tokens.Count && RoleFillers.Contains(r.Tokens[i + 1])) i++;
        }
        return string.Join(' ', keep);
    }

    /// <summary>How close the words left after the framing must be to the task they are taken to name (chosen on realistic-dev-3/4).</summary>
    private const float UnframedCosine = 0.10f;

    /// <summary>
    /// The words of a question that are not framing (who's or onboarding's <c>framing:</c>), as typed:
    /// "just joined, where do i find the list of help channels?" → "list". "On-call" and "CI/CD" stay whole.
    /// </summary>
    private string Unframed(string text) =>
        string.Join(' ', UnframedWords().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(t => _index.Analyzer.Terms(t).Except(_guideTerms).Any()));

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-/&][\p{L}\p{N}]+)*")]
    private static partial Regex UnframedWords();

    /// <summary>
    /// A newcomer's question. "Where do I ask about cloud access?" names a task: its owner is the team
    /// to ask (<see cref="Understood.Task"/>). Otherwise the roles named, or none for the general guide.
    /// </summary>
    private Understood ResolveOnboard(Understood u, Parsed r, float[]? vector)
    {
        // "Where do I ask about …" names an area; other newcomer questions may too ("is there a
        // channel for incidents?", "first day, how do I get aws access?") when a task is clearly
        // there. Its team is the answer; otherwise the general guide.
        var asksWhere = Cues.WhereToAsk.IsMatch(u.Text);
        // With our corpus a task must be clearly meant: words shared with a section are not enough
        // ("day 1, where do I even start?" is not chaos engineering's "start").
        // "Day 2 and", "just joined": the framing is not the task, and it is what makes every newcomer
        // question close to "Your first week" rather than to its task: the task is looked for in the rest.
        var ours = vector is not null && ListsOwners;
        var (asked, askedVector) = (u, vector);
        if (ours && Cues.Newcomer.Replace(r.FixedText, " ").Trim() is { Length: > 0 } rest && rest != r.FixedText)
            (asked, askedVector) = (u with { Text = rest }, _embeddings.Get(rest));
        // Only words about finding one's way ("which slack channels should I be in?") name no task.
        var namesTask = _index.Analyzer.Terms(asked.Text).Except(_guideTerms).Any();
        if (r.Roles.Count == 0 && namesTask && ResolveWho(asked, r, askedVector, asksWhere ? WhereCosine : OnboardCosine, meaningOnly: ours) is { Task: { } task, Problem: null, Choices.Count: 0 } who &&
            // Raw articles have no ownership sections: there, only an explicit "where do I ask about X" names X's owner.
            (task.Kind == PassageKind.Ownership || asksWhere && !ListsOwners) &&
            // What is left once the newcomer's framing is taken away must be about the task: "how do I get
            // help when I'm stuck and don't know which team it belongs to" leaves "i'm don't", which is
            // near no task, though the whole question is near the runbooks section.
            !(ours && Unframed(u.Text) is var left && (left.Length == 0 || _search.Cosine(_embeddings.Get(left), task) < UnframedCosine)))
            return u with { Roles = who.Roles, Task = task.Kind == PassageKind.Ownership ? task : null };
        return u with { Roles = asksWhere ? r.Roles : [] };
    }

    /// <summary>
    /// A corpus with no ownership sections (raw articles): the role the closest passages are about.
    /// Each passage's vote is shared among the roles it names and weighted by its rank, and each
    /// role's votes are divided by how often the corpus names it at all, so the role every article
    /// mentions in passing does not win every question.
    /// </summary>
    private Understood? OwnerFromProse(Understood u, string query, float[]? vector)
    {
        var hits = _search.Search(query, vector, SearchFilter.None, 8).Where(h => h.Passage.Roles.Count > 0).ToList();
        if (hits.Count == 0 || vector is not null && hits[0].Cosine < 0.15f) return null;
        var votes = new Dictionary<string, double>();
        for (var rank = 0; rank < hits.Count; rank++)
            foreach (var role in hits[rank].Passage.Roles)
                votes[role] = votes.GetValueOrDefault(role) + 1.0 / ((rank + 1) * hits[rank].Passage.Roles.Count);
        var owner = votes.OrderByDescending(v => v.Value / _knowledge.RoleShare(v.Key)).First().Key;
        var task = hits.FirstOrDefault(h => h.Passage.Roles.Contains(owner))?.Passage ?? hits[0].Passage;
        return u with { Intent = Intent.Who, Roles = [owner], Task = task, Confidence = Math.Min(u.Confidence, 0.7) };
    }

    [GeneratedRegex(@"<at>[^<]*</at>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MentionTag();
}
