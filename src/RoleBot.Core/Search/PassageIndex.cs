using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using RoleBot.Knowledge;

namespace RoleBot.Search;

/// <summary>What to look for besides the words: which roles and kinds of passage.</summary>
public sealed record SearchFilter
{
    /// <summary>Passages must be about at least one of these roles (empty: any).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Passages must be of one of these kinds (empty: any).</summary>
    public IReadOnlyList<PassageKind> Kinds { get; init; } = [];

    /// <summary>Kinds that score higher without being required, with their boost.</summary>
    public IReadOnlyDictionary<PassageKind, float> PreferKinds { get; init; } = new Dictionary<PassageKind, float>();

    public static readonly SearchFilter None = new();
}

public sealed record SearchHit(Passage Passage, float Score);

/// <summary>
/// The Lucene.Net index over the passages, built in a <see cref="RAMDirectory"/> at start-up
/// (MMapDirectory in this beta is slow and can crash under parallel load; the corpus is small).
/// Scoring is BM25 at index and search time. Queries are built in code from analyzed tokens, never
/// parsed from user text, so no input can throw.
/// </summary>
public sealed class PassageIndex : IDisposable
{
    public static class Fields
    {
        public const string Id = "id";
        public const string Heading = "heading";
        public const string Aliases = "aliases";
        public const string Text = "text";
        public const string Role = "role";
        public const string Primary = "primary";
        public const string Kind = "kind";
    }

    private static readonly (string Field, float Boost)[] TextFields =
        [(Fields.Aliases, 3f), (Fields.Heading, 2f), (Fields.Text, 1f)];

    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Passage[] _byDoc;

    public RoleBotAnalyzer Analyzer { get; }

    public PassageIndex(IReadOnlyList<Passage> passages, RoleBotAnalyzer analyzer)
    {
        Analyzer = analyzer;
        var config = new IndexWriterConfig(RoleBotAnalyzer.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
        };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var p in passages) writer.AddDocument(ToDocument(p));
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        var byId = passages.ToDictionary(p => p.Id);
        _byDoc = new Passage[_reader.MaxDoc];
        for (var doc = 0; doc < _reader.MaxDoc; doc++)
            _byDoc[doc] = byId[int.Parse(_reader.Document(doc).Get(Fields.Id))];
    }

    public int Count => _reader.NumDocs;

    private static Document ToDocument(Passage p)
    {
        var doc = new Document
        {
            new StringField(Fields.Id, p.Id.ToString(), Field.Store.YES),
            new TextField(Fields.Heading, p.Heading, Field.Store.NO),
            new TextField(Fields.Aliases, string.Join(" | ", p.Aliases), Field.Store.NO),
            new TextField(Fields.Text, p.Text, Field.Store.NO),
            new StringField(Fields.Kind, p.Kind.ToString(), Field.Store.NO),
        };
        foreach (var role in p.Roles) doc.Add(new StringField(Fields.Role, role, Field.Store.NO));
        if (p.Roles.Count == 1) doc.Add(new StringField(Fields.Primary, p.Roles[0], Field.Store.NO));
        return doc;
    }

    /// <summary>The best passages for the words and filter. Never throws on any text.</summary>
    public IReadOnlyList<SearchHit> Search(string? text, SearchFilter filter, int count = 5)
    {
        var query = new BooleanQuery(disableCoord: true);
        var words = BuildTextQuery(text ?? "");
        if (words is not null) query.Add(words, Occur.MUST);

        if (filter.Roles.Count > 0)
        {
            var roles = new BooleanQuery();
            foreach (var role in filter.Roles)
            {
                roles.Add(new TermQuery(new Term(Fields.Role, role)), Occur.SHOULD);
                // A passage about this role alone beats one that lists every role in passing.
                query.Add(new TermQuery(new Term(Fields.Primary, role)) { Boost = 1.5f }, Occur.SHOULD);
            }
            query.Add(roles, Occur.MUST);
        }
        if (filter.Kinds.Count > 0)
        {
            var kinds = new BooleanQuery();
            foreach (var kind in filter.Kinds) kinds.Add(new TermQuery(new Term(Fields.Kind, kind.ToString())), Occur.SHOULD);
            query.Add(kinds, Occur.MUST);
        }
        foreach (var (kind, boost) in filter.PreferKinds)
            query.Add(new TermQuery(new Term(Fields.Kind, kind.ToString())) { Boost = boost }, Occur.SHOULD);

        if (query.Clauses.Count == 0) return [];
        if (!query.Clauses.Any(c => c.Occur == Occur.MUST)) query.Add(new MatchAllDocsQuery { Boost = 0.01f }, Occur.MUST);

        var top = _searcher.Search(query, Math.Max(1, count));
        return top.ScoreDocs.Select(sd => new SearchHit(_byDoc[sd.Doc], sd.Score)).ToList();
    }

    /// <summary>
    /// One DisMax per analyzed token across the text fields (the best field wins), all SHOULD; fuzzy
    /// variants for longer tokens the index does not hold, at a low boost so exact matches always win.
    /// Null when the text has no searchable token.
    /// </summary>
    private Query? BuildTextQuery(string text)
    {
        if (text.Length > 2000) text = text[..2000];
        var tokens = Analyzer.Terms(text).Distinct().Take(64).ToList();
        if (tokens.Count == 0) return null;
        var query = new BooleanQuery(disableCoord: false);
        foreach (var token in tokens) query.Add(TokenQuery(token), Occur.SHOULD);
        return query;
    }

    /// <summary>Beyond this many distinct tokens the cache starts again (a bound on memory, not an eviction policy).</summary>
    private const int TokenCacheLimit = 20_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Query> _tokenQueries = new(StringComparer.Ordinal);

    /// <summary>
    /// A token's DisMax, built once per token and shared by every search after it: the index never
    /// changes, so each term's statistics (its TermContext) and a misspelling's fuzzy expansion are
    /// the same every time. Looking terms up per field and building Levenshtein automata cost about
    /// as much as encoding the question; people repeat their words. Lucene clones a query before
    /// changing it in a rewrite, so sharing one between concurrent searches is safe.
    /// </summary>
    private Query TokenQuery(string token)
    {
        if (_tokenQueries.TryGetValue(token, out var cached)) return cached;
        var perField = new DisjunctionMaxQuery(0.1f);
        var known = false;
        foreach (var (field, boost) in TextFields)
        {
            var term = new Term(field, token);
            var context = TermContext.Build(_reader.Context, term);
            known |= context.DocFreq > 0;
            perField.Add(new TermQuery(term, context) { Boost = boost });
        }
        // Fuzzy variants for longer words the index does not hold. A token with a digit (a
        // number, a version) is not a misspelled word.
        if (!known && token.Length >= 5 && !token.Any(char.IsDigit))
        {
            var edits = token.Length >= 8 ? 2 : 1;
            foreach (var (field, boost) in TextFields)
                perField.Add(_searcher.Rewrite(new FuzzyQuery(new Term(field, token), edits, prefixLength: 1) { Boost = boost * 0.4f }));
        }
        if (_tokenQueries.Count >= TokenCacheLimit) _tokenQueries.Clear();
        _tokenQueries[token] = perField;
        return perField;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
