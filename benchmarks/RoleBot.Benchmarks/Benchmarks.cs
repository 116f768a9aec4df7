using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Mathematics.OutlierDetection;
using RoleBot.Knowledge;

namespace RoleBot.Benchmarks;

/// <summary>Percentile columns on top of the default ones (BenchmarkDotNet has P95 built in, not P99).</summary>
public class PercentileConfig : ManualConfig
{
    public PercentileConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, PercentileColumn.P99, StatisticColumn.Max);
    }
}

/// <summary>A percentile of the measured iterations (per operation), like <see cref="StatisticColumn.P95"/>.</summary>
public sealed class PercentileColumn(int percentile) : IColumn
{
    public static readonly IColumn P99 = new PercentileColumn(99);

    public string Id => $"{nameof(PercentileColumn)}.P{percentile}";
    public string ColumnName => $"P{percentile}";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => percentile;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => $"Percentile {percentile} : {percentile}% of all measured iterations are not slower than this value";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null) return "NA";
        var ns = stats.Percentiles.Percentile(percentile); // nanoseconds per operation, same basis as StatisticColumn.P95
        return ns switch
        {
            >= 1e6 => $"{ns / 1e6:N3} ms",
            >= 1e3 => $"{ns / 1e3:N3} μs",
            _ => $"{ns:N2} ns",
        };
    }

    public override string ToString() => ColumnName;
}

/// <summary>
/// Index builds short enough for 2 cores (the 10,000-article build takes seconds): a ShortRun-like job,
/// one launch, single-shot iterations (a build is ≥ 10 ms), 1 warm-up and 5 measured iterations.
/// </summary>
public class IndexBuildConfig : PercentileConfig
{
    public IndexBuildConfig()
    {
        AddJob(Job.Default.WithId("ShortBuild").WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithInvocationCount(1).WithUnrollFactor(1).WithStrategy(RunStrategy.Monitoring));
        AddColumn(new PerArticleColumn());
    }
}

/// <summary>Mean build time divided by the corpus's article count: flat when the build is linear.</summary>
public sealed class PerArticleColumn : IColumn
{
    public string Id => nameof(PerArticleColumn);
    public string ColumnName => "Mean/article";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => "Mean divided by the number of articles in the corpus";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var corpus = benchmarkCase.Parameters["Corpus"] as string;
        if (mean is null || corpus is null) return "NA";
        var articles = Corpora.ArticleCount(corpus);
        return $"{mean.Value / articles / 1e3:N1} μs ({articles} articles)";
    }

    public override string ToString() => ColumnName;
}

/// <summary>
/// One answer per iteration (<c>PerCall</c>), no forced GC between iterations and no outlier removal,
/// so the P95/P99/Max columns are percentiles of single answers, GC pauses included.
/// </summary>
public class AnswerConfig : PercentileConfig
{
    public AnswerConfig()
    {
        AddJob(Job.Default.WithId("PerCall").WithLaunchCount(1)
            .WithWarmupCount(100).WithIterationCount(1000)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithGcForce(false).WithOutlierMode(OutlierMode.DontRemove));
    }
}

/// <summary>
/// Parse + Lucene index from in-memory documents: what start-up does for the words, minus reading
/// the files. Embedding the passages is not in it: it is cached on disk by content, so a corpus pays
/// it once (about 3 ms a passage, batched) and start-up reads the vectors back.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(IndexBuildConfig))]
public class IndexBuild
{
    private RoleCatalog _catalog = null!;
    private List<(string File, string Content)> _documents = null!;

    [Params(Corpora.Default, Corpora.Synthetic1000, Corpora.Synthetic10000)]
    public string Corpus { get; set; } = Corpora.Default;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = Corpora.Catalog();
        _documents = Corpora.Documents(Corpus);
        var warm = Corpora.Documents("synthetic-200");
        for (var i = 0; i < 20; i++) Build(Corpora.DefaultDocuments());
        for (var i = 0; i < 5; i++) Build(warm);
        Thread.Sleep(500);
    }

    private int Build(List<(string File, string Content)> documents)
    {
        var kb = KnowledgeBase.FromDocuments(_catalog, documents);
        using var index = new RoleBot.Search.PassageIndex(kb.Passages, new RoleBot.Search.RoleBotAnalyzer(kb.Catalog, kb.Glossary));
        return index.Count;
    }

    [Benchmark]
    public int Build() => Build(_documents);
}

/// <summary>
/// <c>engine.Ask</c> on the default corpus, one answer per call, three kinds of message:
/// <c>new</c>: free text never seen before (each call a different question, so the embedding cache
/// never helps: the model runs every time); <c>repeated</c>: the same free-text questions again
/// (their embeddings cached, as when people ask the common questions); <c>command</c>: slash
/// commands and button payloads, which never reach the model.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(AnswerConfig))]
public class Answer
{
    private RoleBotEngine _engine = null!;
    private string[] _questions = null!;
    private int _next;

    [Params("new", "repeated", "command")]
    public string Kind { get; set; } = "new";

    [GlobalSetup]
    public void Setup()
    {
        _engine = Corpora.Engine(Corpora.Default);
        var free = Questions.All.Where(q => !q.Text.StartsWith('/')).Select(q => q.Text).ToArray();
        _questions = Kind switch
        {
            // A number makes each text new to the cache without changing what it asks.
            "new" => Enumerable.Range(0, 200_000).Select(i => $"{free[i % free.Length]} ({i})").ToArray(),
            "repeated" => free,
            _ => Questions.Commands,
        };
        // "After warm-up": tiered JIT promotes the hot paths before any measurement.
        for (var i = 0; i < 300; i++) _engine.Ask(_questions[_next++ % _questions.Length]);
        Thread.Sleep(1000);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public RoleBot.Answers.Answer Ask()
    {
        var q = _questions[_next % _questions.Length];
        _next++;
        return _engine.Ask(q);
    }
}
