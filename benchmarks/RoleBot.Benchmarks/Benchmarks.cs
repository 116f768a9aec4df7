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
/// Two jobs for answers. <c>Throughput</c>: BenchmarkDotNet's usual batching, so Mean and Allocated are
/// per answer averaged over the rotating questions (its P95/P99 are percentiles of iteration means,
/// i.e. of ~thousand-answer averages, not of single answers). <c>PerCall</c>: one answer per iteration,
/// no forced GC between iterations and no outlier removal, so its P95/P99/Max columns are percentiles
/// of single answers, GC pauses included: that is the "≤ 1 ms at p99" number.
/// </summary>
public class AnswerConfig : PercentileConfig
{
    public AnswerConfig()
    {
        AddJob(Job.Default.WithId("Throughput").WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(20));
        AddJob(Job.Default.WithId("PerCall").WithLaunchCount(1)
            .WithWarmupCount(Questions.All.Length * 20).WithIterationCount(Questions.All.Length * 100)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithGcForce(false).WithOutlierMode(OutlierMode.DontRemove));
    }
}

/// <summary>
/// Parse + index + engine from in-memory documents: <c>new RoleBotEngine(KnowledgeBase.FromDocuments(…))</c>,
/// which is what start-up does minus reading the files. The default corpus (9 curated articles) and
/// synthetic corpora of 1,000 and 10,000 articles (<see cref="SyntheticCorpus"/>).
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
        // Single-shot iterations with one warm-up would measure half-tiered code on the small corpus:
        // build a small corpus a few times first so the JIT has settled, as in a long-running process.
        var warm = Corpora.Documents("synthetic-200");
        for (var i = 0; i < 20; i++) Build(Corpora.DefaultDocuments());
        for (var i = 0; i < 5; i++) Build(warm);
        Thread.Sleep(500);
    }

    private int Build(List<(string File, string Content)> documents)
    {
        using var engine = new RoleBotEngine(KnowledgeBase.FromDocuments(_catalog, documents));
        return engine.Index.Count;
    }

    [Benchmark]
    public int Build() => Build(_documents);
}

/// <summary>
/// <c>engine.Ask</c> over a fixed rotating set of varied questions (<see cref="Questions"/>): each call
/// asks the next one. On the default corpus (the target) and on the default corpus plus 1,000
/// synthetic articles (to show how answer time grows with the corpus).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(AnswerConfig))]
public class Answer
{
    private RoleBotEngine _engine = null!;
    private string[] _questions = null!;
    private int _next;

    [Params(Corpora.Default, Corpora.DefaultPlus1000)]
    public string Corpus { get; set; } = Corpora.Default;

    [GlobalSetup]
    public void Setup()
    {
        _engine = Corpora.Engine(Corpus);
        _questions = Questions.Texts;
        // "After warm-up": every question asked 200 times, then a pause, so that tiered JIT has
        // promoted the hot paths before any measurement. Without it the PerCall job's single-call
        // iterations are still tiering up during the run and its percentiles drift downwards.
        for (var i = 0; i < _questions.Length * 200; i++) _engine.Ask(_questions[i % _questions.Length]);
        Thread.Sleep(1000);
        for (var i = 0; i < _questions.Length * 20; i++) _engine.Ask(_questions[i % _questions.Length]);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public RoleBot.Answers.Answer Ask()
    {
        var q = _questions[_next];
        _next = (_next + 1) % _questions.Length;
        return _engine.Ask(q);
    }
}
