using System.Diagnostics;
using RoleBot.Answers;
using RoleBot.Knowledge;
using RoleBot.Rendering;
using RoleBot.Search;
using RoleBot.Understanding;
using static RoleBot.Benchmarks.CliModes;

namespace RoleBot.Benchmarks;

/// <summary>
/// Where the time goes, measured in-process with Stopwatch (not BenchmarkDotNet): the index build
/// split into its phases, and <c>Ask</c> split into understanding and composing, with true per-call
/// percentiles. The phases replicate <see cref="RoleBotEngine"/>'s constructor and <c>Ask</c> with the
/// same public types, so nothing in src/ is touched.
/// </summary>
public static class Profile
{
    public const string SpawnTimestampVariable = "ROLEBOT_BENCH_SPAWN_TS";

    public static int Run(string[] args)
    {
        var corpora = args.Length > 0 ? args : [Corpora.Default, Corpora.Synthetic1000, Corpora.Synthetic10000];
        var catalog = Corpora.Catalog();
        // JIT everything once before timing.
        BuildPhases(catalog, Corpora.DefaultDocuments(), 3, quiet: true);
        BuildPhases(catalog, Corpora.Documents("synthetic-300"), 3, quiet: true);
        Thread.Sleep(500); // let background tier-1 compilation finish
        Console.WriteLine("== index build phases (median of runs, in-memory documents) ==");
        Console.WriteLine($"{"corpus",-24} {"docs",6} {"passages",8} {"vocab",7} {"MB",6} | {"yaml",7} {"parse",7} {"kb+vocab",8} {"index",7} {"interp",7} | {"total ms",8} {"µs/doc",7} | allocated MB: parse, kb, index, interp");
        foreach (var name in corpora)
        {
            var docs = Corpora.Documents(name);
            var runs = docs.Count > 5000 ? 2 : docs.Count > 500 ? 3 : 7;
            var r = BuildPhases(catalog, docs, runs, quiet: false);
            Console.WriteLine($"{name,-24} {docs.Count,6} {r.Passages,8} {r.Vocabulary,7} {r.MegaBytes,6:F1} | {r.Yaml,7:F0} {r.Parse,7:F0} {r.KnowledgeBase,8:F0} {r.Index,7:F0} {r.Interpreter,7:F0} | {r.Total,8:F0} {r.Total * 1000 / docs.Count,7:F0} | {string.Join(" ", r.AllocatedMB.Select(a => $"{a,6:F0}"))}");
        }
        Console.WriteLine("  yaml = FrontMatter.Split alone (also inside parse); parse = ArticleParser over every document;");
        Console.WriteLine("  kb+vocab = KnowledgeBase constructor (passages, vocabulary); index = RoleBotAnalyzer + PassageIndex (Lucene, RAMDirectory);");
        Console.WriteLine("  interp = MessageInterpreter constructor (spell fixer, phrase matchers); total = parse + kb + index + interp.");

        foreach (var name in new[] { Corpora.Default, Corpora.DefaultPlus1000 })
            AskProfile(name);
        Anatomy();
        return 0;
    }

    /// <summary>Time and allocation of one call, median over <paramref name="n"/> calls after 200 warm-up calls.</summary>
    private static (double Micros, double KiloBytes) Measure(Action action, int n = 2000)
    {
        for (var i = 0; i < 200; i++) action();
        var times = new List<double>(n);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++)
        {
            var t = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds * 1000);
        }
        return (Median(times), (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n / 1024);
    }

    /// <summary>The building blocks of Ask, one at a time: what one index search and one spell fix cost.</summary>
    private static void Anatomy()
    {
        using var engine = Corpora.Engine(Corpora.Default);
        var index = engine.Index;
        var roleKind = new SearchFilter { Roles = ["sre"], Kinds = [PassageKind.Definition] };
        const string bestText = "Site Reliability Engineer Definition"; // what ReplyComposer.Best searches for
        Console.WriteLine("\n== anatomy on default corpus: median time and allocation of one call ==");
        void Row(string what, Action action)
        {
            var (us, kb) = Measure(action);
            Console.WriteLine($"  {what,-78} {us,7:F1} µs {kb,8:F1} KB");
        }
        var terms = index.Analyzer.Terms(bestText);
        Row($"Analyzer.Terms(\"{bestText}\") → {terms.Count} terms", () => index.Analyzer.Terms(bestText));
        Row("Index.Search(\"\", roles=[sre], kinds=[Definition]) (filters only)", () => index.Search("", roleKind, 1));
        Row($"Index.Search(\"{bestText}\", roles=[sre], kinds=[Definition], 1)", () => index.Search(bestText, roleKind, 1));
        Row("Index.Search(\"what does an SRE do\", none, 5)", () => index.Search("what does an SRE do", SearchFilter.None, 5));
        Row("Index.Search(\"kubernets operatr\", none, 5) (unknown terms: fuzzy expansion built on the first call, then reused)", () => index.Search("kubernets operatr", SearchFilter.None, 5));
        var compose = new ReplyComposer(engine.Knowledge, engine.Search, engine.Facts);
        var compare = engine.Interpreter.Interpret("devops vs sre");
        Row("ReplyComposer.Compose(compare devops sre)", () => new ReplyComposer(engine.Knowledge, engine.Search, engine.Facts).Compose(compare));

        var spell = new RoleBot.Text.SpellFixer(engine.Knowledge.Vocabulary,
            engine.Knowledge.Catalog.Roles.SelectMany(r => r.Aliases).SelectMany(a => RoleBot.Text.Words.Tokenize(a)));
        Row("SpellFixer.Fix(\"sourdough\") (unknown word: scans the vocabulary)", () => spell.Fix("sourdough"));
        Row("SpellFixer.Fix(\"kubernets\")", () => spell.Fix("kubernets"));
        Row("Words.Distance(\"sourdough\", \"kubernetes\", 2) (allocates an int[,])", () => RoleBot.Text.Words.Distance("sourdough", "kubernetes", 2));
        Row("MessageInterpreter.Interpret(\"how do I bake sourdough bread?\")", () => engine.Interpreter.Interpret("how do I bake sourdough bread?"));
        Row("MessageInterpreter.Interpret(\"who writes the runbooks?\")", () => engine.Interpreter.Interpret("who writes the runbooks?"));
    }

    private sealed record BuildResult(int Passages, int Vocabulary, double MegaBytes, double Yaml, double Parse, double KnowledgeBase, double Index, double Interpreter, double[] AllocatedMB)
    {
        public double Total => Parse + KnowledgeBase + Index + Interpreter;
    }

    private static BuildResult BuildPhases(RoleCatalog catalog, List<(string File, string Content)> docs, int runs, bool quiet)
    {
        var yaml = new List<double>(); var parse = new List<double>(); var kbs = new List<double>();
        var index = new List<double>(); var interp = new List<double>();
        int passages = 0, vocabulary = 0;
        double[] allocs = [];
        for (var run = 0; run < runs; run++)
        {
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
            var sw = Stopwatch.StartNew();
            foreach (var d in docs) FrontMatter.Split(d.Content.Replace("\r\n", "\n"));
            yaml.Add(sw.Elapsed.TotalMilliseconds);

            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            var parser = new ArticleParser(new RoleTagger(catalog));
            var articles = docs.Select(d => parser.Parse(d.File, d.Content)).Where(a => a.Passages.Count > 0).ToList();
            parse.Add(sw.Elapsed.TotalMilliseconds);
            var afterParse = GC.GetTotalAllocatedBytes(precise: true);

            sw.Restart();
            var kb = new KnowledgeBase("(memory)", catalog, articles);
            kbs.Add(sw.Elapsed.TotalMilliseconds);
            var afterKb = GC.GetTotalAllocatedBytes(precise: true);

            sw.Restart();
            using var idx = new PassageIndex(kb.Passages, new RoleBotAnalyzer(catalog));
            index.Add(sw.Elapsed.TotalMilliseconds);
            var afterIndex = GC.GetTotalAllocatedBytes(precise: true);

            sw.Restart();
            using (new RoleBotEngine(kb)) { }
            interp.Add(sw.Elapsed.TotalMilliseconds);
            var afterInterp = GC.GetTotalAllocatedBytes(precise: true);
            allocs = [(afterParse - before) / 1e6, (afterKb - afterParse) / 1e6, (afterIndex - afterKb) / 1e6, (afterInterp - afterIndex) / 1e6];
            passages = kb.Passages.Count;
            vocabulary = kb.Vocabulary.Count;
        }
        var mb = docs.Sum(d => (long)d.Content.Length) / 1e6;
        return new BuildResult(passages, vocabulary, mb, Median(yaml), Median(parse), Median(kbs), Median(index), Median(interp), allocs);
    }

    private static void AskProfile(string corpus)
    {
        using var engine = Corpora.Engine(corpus);
        var questions = Questions.All;
        for (var i = 0; i < questions.Length * 50; i++) engine.Ask(questions[i % questions.Length].Text);

        // Pass 1: engine.Ask per call, rotating, as a chat would.
        const int rounds = 500;
        var perQuestion = questions.Select(_ => new List<double>(rounds)).ToArray();
        var all = new List<double>(rounds * questions.Length);
        var allocated = new long[questions.Length];
        var gc0 = GC.CollectionCount(0); var gc1 = GC.CollectionCount(1); var gc2 = GC.CollectionCount(2);
        var wall = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            for (var q = 0; q < questions.Length; q++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var t = Stopwatch.GetTimestamp();
                engine.Ask(questions[q].Text);
                var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                allocated[q] += GC.GetAllocatedBytesForCurrentThread() - before;
                perQuestion[q].Add(ms);
                all.Add(ms);
            }
        }
        wall.Stop();
        var calls = rounds * questions.Length;

        // Pass 2: the two halves of Ask, per question.
        var interpret = questions.Select(_ => new List<double>()).ToArray();
        var compose = questions.Select(_ => new List<double>()).ToArray();
        var render = questions.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < 200; round++)
            for (var q = 0; q < questions.Length; q++)
            {
                var t = Stopwatch.GetTimestamp();
                var u = engine.Interpreter.Interpret(questions[q].Text);
                var t2 = Stopwatch.GetTimestamp();
                var reply = new ReplyComposer(engine.Knowledge, engine.Search, engine.Facts).Compose(u);
                var t3 = Stopwatch.GetTimestamp();
                PlainTextRenderer.Render(reply);
                var t4 = Stopwatch.GetTimestamp();
                interpret[q].Add(Stopwatch.GetElapsedTime(t, t2).TotalMilliseconds);
                compose[q].Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
                render[q].Add(Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds);
            }

        // Pass 3: the raw cost of one index search, for scale.
        var search = new List<double>();
        var filter = new SearchFilter { Roles = ["sre"], Kinds = [PassageKind.Definition] };
        for (var i = 0; i < 2000; i++)
        {
            var t = Stopwatch.GetTimestamp();
            engine.Index.Search("Site Reliability Engineer Definition", filter, 1);
            search.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        var sorted = all.OrderBy(x => x).ToArray();
        Console.WriteLine($"\n== Ask on {corpus} ({engine.Knowledge.Passages.Count} passages): {calls} calls, {questions.Length} questions rotating, after {questions.Length * 50} warm-up calls ==");
        Console.WriteLine($"ASK per call: mean {all.Average() * 1000:F0} µs, p50 {Percentile(sorted, 50) * 1000:F0} µs, p95 {Percentile(sorted, 95) * 1000:F0} µs, " +
                          $"p99 {Percentile(sorted, 99) * 1000:F0} µs, max {sorted[^1] * 1000:F0} µs; {wall.Elapsed.TotalMilliseconds / calls * 1000:F0} µs/call wall; " +
                          $"alloc {allocated.Sum() / (double)calls / 1024:F0} KB/call; GCs gen0/1/2 {GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2}");
        Console.WriteLine($"one Index.Search (role+kind filter, 4 terms): median {Median(search) * 1000:F0} µs");
        Console.WriteLine($"{"kind",-11} {"question",-52} {"p50 µs",7} {"p99 µs",7} {"max µs",7} | {"interp",6} {"compose",7} {"render",6} | {"KB/call",7}");
        for (var q = 0; q < questions.Length; q++)
        {
            var s = perQuestion[q].OrderBy(x => x).ToArray();
            var text = questions[q].Text.Length > 50 ? questions[q].Text[..49] + "…" : questions[q].Text;
            Console.WriteLine($"{questions[q].Kind,-11} {text,-52} {Percentile(s, 50) * 1000,7:F0} {Percentile(s, 99) * 1000,7:F0} {s[^1] * 1000,7:F0} | " +
                              $"{Median(interpret[q]) * 1000,6:F0} {Median(compose[q]) * 1000,7:F0} {Median(render[q]) * 1000,6:F0} | {allocated[q] / (double)rounds / 1024,7:F0}");
        }
    }

    /// <summary>
    /// A steady loop for an external profiler (dotnet-trace): <c>loop build|ask [seconds] [corpus]</c>.
    /// </summary>
    public static int Loop(string[] args)
    {
        var what = args.ElementAtOrDefault(0) ?? "ask";
        var seconds = double.TryParse(args.ElementAtOrDefault(1), out var s) ? s : 20;
        var corpus = args.ElementAtOrDefault(2) ?? (what == "build" ? Corpora.Synthetic1000 : Corpora.Default);
        var sw = Stopwatch.StartNew();
        var n = 0;
        if (what == "build")
        {
            var catalog = Corpora.Catalog();
            var docs = Corpora.Documents(corpus);
            while (sw.Elapsed.TotalSeconds < seconds) { using var e = new RoleBotEngine(KnowledgeBase.FromDocuments(catalog, docs)); n++; }
        }
        else
        {
            using var engine = Corpora.Engine(corpus);
            var questions = Questions.Texts;
            var only = args.ElementAtOrDefault(3);
            while (sw.Elapsed.TotalSeconds < seconds) { engine.Ask(only ?? questions[n % questions.Length]); n++; }
        }
        Console.WriteLine($"{what} × {n} in {sw.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>
    /// One start-up in this (fresh) process, phase by phase, doing what `rolebot ask "…"` does:
    /// load the knowledge folder, build the engine, answer once, render.
    /// </summary>
    public static int ColdStart(string[] args)
    {
        var toMain = Environment.GetEnvironmentVariable(SpawnTimestampVariable) is { } ts && long.TryParse(ts, out var spawned)
            ? Stopwatch.GetElapsedTime(spawned).TotalMilliseconds : double.NaN;
        var folder = Corpora.KnowledgeFolder;
        var sw = Stopwatch.StartNew();
        var kb = KnowledgeBase.Load(folder);
        var load = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var index = new PassageIndex(kb.Passages, new RoleBotAnalyzer(kb.Catalog));
        var indexMs = sw.Elapsed.TotalMilliseconds;
        // Cues (internal) holds the intent regexes, built with RegexOptions.Compiled: its type initializer
        // parses them and emits IL. Run it on its own so its cost is not hidden inside the first question.
        sw.Restart();
        var cues = typeof(MessageInterpreter).Assembly.GetType("RoleBot.Understanding.Cues");
        if (cues is not null) System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(cues.TypeHandle);
        var cuesMs = sw.Elapsed.TotalMilliseconds;
        // The first match of a RegexOptions.Compiled regex JIT-compiles its emitted methods (fully optimised,
        // never tiered). Done here one regex at a time, it shows which patterns cost what.
        var firstMatch = new List<(string Name, double Ms)>();
        sw.Restart();
        foreach (var field in cues?.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static) ?? [])
        {
            if (field.GetValue(null) is not System.Text.RegularExpressions.Regex regex) continue;
            var t = Stopwatch.GetTimestamp();
            regex.IsMatch(StartupQuestion);
            firstMatch.Add((field.Name, Stopwatch.GetElapsedTime(t).TotalMilliseconds));
        }
        var regexJitMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        index.Dispose();
        using var engine = new RoleBotEngine(kb);
        var interpreter = engine.Interpreter;
        var interpMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var u = interpreter.Interpret(StartupQuestion);
        var understand = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var reply = new ReplyComposer(kb, engine.Search, engine.Facts).Compose(u);
        var composeMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var text = PlainTextRenderer.Render(reply);
        var renderMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var u2 = interpreter.Interpret("who writes the runbooks?");
        new ReplyComposer(kb, engine.Search, engine.Facts).Compose(u2);
        var second = sw.Elapsed.TotalMilliseconds;
        var total = load + indexMs + cuesMs + regexJitMs + interpMs + understand + composeMs + renderMs;
        Console.WriteLine($"  spawn→Main {toMain,3:F0} | KnowledgeBase.Load {load,4:F0} | index {indexMs,4:F0} | Cues regexes: build {cuesMs,2:F0}, 1st match {regexJitMs,4:F0} | interpreter {interpMs,3:F0} | " +
                          $"1st interpret {understand,4:F0} | 1st compose {composeMs,4:F0} | render {renderMs,3:F0} | = {total,4:F0} ms after Main " +
                          $"(2nd, different question: {second:F0} ms; {text.Length} chars)");
        if (args.Contains("--regex"))
            Console.WriteLine("    1st match per Cues regex (ms): " + string.Join(", ", firstMatch.OrderByDescending(f => f.Ms).Select(f => $"{f.Name} {f.Ms:F0}")));
        return 0;
    }
}
