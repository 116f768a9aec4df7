using RoleBot.Text;
using RoleBot.Understanding;

namespace RoleBot.Knowledge;

/// <summary>Everything loaded from one knowledge folder: the role catalog, the articles and their passages.</summary>
public sealed class KnowledgeBase
{
    private static readonly string[] Extensions = [".md", ".markdown", ".txt", ".html", ".htm"];

    public string Folder { get; }
    public RoleCatalog Catalog { get; }

    /// <summary>The intents, their commands and example messages (<c>intents/</c>, or the built-in ones).</summary>
    public IntentRegistry Intents { get; }

    /// <summary>The fixed examples and follow-ups (<c>suggestions.yaml</c>, or the built-in ones).</summary>
    public SuggestionCatalog Suggestions { get; init; } = SuggestionCatalog.Builtin();
    /// <summary>Our teams, channels and on-call routes (<c>org.yaml</c>); empty without one.</summary>
    public OrgDirectory Org { get; init; } = OrgDirectory.Empty;

    public RoleTagger Tagger { get; }
    public IReadOnlyList<Article> Articles { get; }
    public IReadOnlyList<Passage> Passages { get; }

    /// <summary>Passages by <see cref="Understanding.Reading.TopicKey"/>: what a follow-up button names its topic by.</summary>
    public IReadOnlyDictionary<string, Passage> PassagesByTopic => _byTopic ??= Passages
        .GroupBy(Understanding.Reading.TopicKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    private Dictionary<string, Passage>? _byTopic;

    /// <summary>
    /// The glossary's entries: the corpus's own, or, for a corpus without one (raw articles), the
    /// repo's glossary built into the assembly, so that jargon is still recognised when searching.
    /// </summary>
    public IReadOnlyList<Passage> Glossary => _glossary ??= Passages.Any(p => p.Kind == PassageKind.Glossary)
        ? Passages.Where(p => p.Kind == PassageKind.Glossary).ToList()
        : BuiltinGlossary.Value;

    private IReadOnlyList<Passage>? _glossary;

    private static readonly Lazy<IReadOnlyList<Passage>> BuiltinGlossary = new(() =>
    {
        using var stream = typeof(KnowledgeBase).Assembly.GetManifestResourceStream("RoleBot.glossary.md");
        if (stream is null) return [];
        using var reader = new StreamReader(stream);
        return new ArticleParser(new RoleTagger(RoleCatalog.Builtin())).Parse("glossary.md", reader.ReadToEnd())
            .Passages.Where(p => p.Kind == PassageKind.Glossary).ToList();
    });

    /// <summary>
    /// The share of the role-tagged passages that name <paramref name="roleId"/> (at least 5%): how
    /// much a mention of the role is worth. Raw articles name some roles in passing everywhere.
    /// </summary>
    public double RoleShare(string roleId)
    {
        _roleShares ??= Catalog.Roles.ToDictionary(r => r.Id, r => Math.Max(0.05,
            Passages.Count(p => p.Roles.Contains(r.Id)) / (double)Math.Max(1, Passages.Count(p => p.Roles.Count > 0))));
        return _roleShares.GetValueOrDefault(roleId, 1.0);
    }

    private Dictionary<string, double>? _roleShares;

    /// <summary>Every word the corpus uses, lower-case: such a word in a question is not a typo.</summary>
    public IReadOnlySet<string> Vocabulary { get; }

    public KnowledgeBase(string folder, RoleCatalog catalog, IReadOnlyList<Article> articles, IntentRegistry? intents = null)
    {
        Folder = folder;
        Catalog = catalog;
        Intents = intents ?? IntentRegistry.Builtin();
        Tagger = new RoleTagger(catalog);
        Articles = articles;
        Passages = articles.SelectMany(a => a.Passages).ToList();
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Passages)
        {
            foreach (var w in Words.Tokenize(p.Heading + " " + p.Text)) vocabulary.Add(w);
            foreach (var w in p.Aliases.SelectMany(a => Words.Tokenize(a))) vocabulary.Add(w);
        }
        foreach (var w in catalog.Roles.SelectMany(r => r.Aliases).SelectMany(a => Words.Tokenize(a))) vocabulary.Add(w);
        Vocabulary = vocabulary;
    }

    public static KnowledgeBase Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new KnowledgeException($"Knowledge folder not found: {folder}");
        var catalog = RoleCatalog.Load(folder);
        var intents = IntentRegistry.Load(folder);
        var parser = new ArticleParser(new RoleTagger(catalog));
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var articles = new List<Article>();
        foreach (var path in files)
        {
            var relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
            string content;
            try { content = File.ReadAllText(path); }
            catch (IOException e) { throw new KnowledgeException($"Cannot read {relative}: {e.Message}"); }
            var article = parser.Parse(relative, content);
            if (article.Passages.Count > 0) articles.Add(article);
        }
        if (articles.Count == 0)
            throw new KnowledgeException($"No articles (.md, .txt, .html) found in {folder}");
        return new KnowledgeBase(folder, catalog, articles, intents) { Suggestions = SuggestionCatalog.Load(folder), Org = OrgDirectory.Load(folder, catalog) };
    }

    /// <summary>From in-memory documents (tests, benchmarks): (file name, content) pairs.</summary>
    public static KnowledgeBase FromDocuments(RoleCatalog catalog, IEnumerable<(string File, string Content)> documents, IntentRegistry? intents = null)
    {
        var parser = new ArticleParser(new RoleTagger(catalog));
        var articles = documents.Select(d => parser.Parse(d.File, d.Content)).Where(a => a.Passages.Count > 0).ToList();
        return new KnowledgeBase("(memory)", catalog, articles, intents);
    }
}
