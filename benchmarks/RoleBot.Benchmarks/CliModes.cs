using System.Diagnostics;
using System.Text.Json;

namespace RoleBot.Benchmarks;

/// <summary>
/// The CLI measured from outside, as users run it: a fresh <c>dotnet rolebot.dll</c> process per run.
/// The built CLI is src/RoleBot.Cli/bin/Release/net10.0/rolebot.dll (override: ROLEBOT_DLL). These
/// child processes run inside whatever <c>flock</c> the caller holds; they do not take the lock themselves.
/// </summary>
public static class CliModes
{
    public const string StartupQuestion = "what does an SRE do?";

    public static string CliDll =>
        Environment.GetEnvironmentVariable("ROLEBOT_DLL") is { Length: > 0 } dll
            ? dll
            : Path.Combine(Corpora.RepoRoot, "src", "RoleBot.Cli", "bin", "Release", "net10.0", "rolebot.dll");

    private static bool CheckCli()
    {
        if (File.Exists(CliDll)) return true;
        Console.Error.WriteLine($"Not built: {CliDll}\nBuild it first: flock /tmp/rolebot-build.lock dotnet build -c Release src/RoleBot.Cli");
        return false;
    }

    private static ProcessStartInfo Dotnet(params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Corpora.RepoRoot,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>
    /// Wall time from spawning <c>dotnet rolebot.dll ask "what does an SRE do?"</c> to the first byte of
    /// the answer on stdout, and to process exit, over fresh processes. One untimed run first warms the
    /// OS file cache; then <paramref name="args"/>[0] timed runs (default 5). Then, for the break-down,
    /// 3 fresh processes of this program's <c>coldstart</c> mode.
    /// </summary>
    public static int Startup(string[] args)
    {
        if (!CheckCli()) return 1;
        var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 5;
        Console.WriteLine($"startup: dotnet {CliDll} --knowledge {Corpora.KnowledgeFolder} ask \"{StartupQuestion}\"");
        Console.WriteLine($"  ({runs} timed runs, fresh process each; 1 untimed warm-up run for the file cache)");
        var first = new List<double>();
        var exit = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var psi = Dotnet(CliDll, "--knowledge", Corpora.KnowledgeFolder, "ask", StartupQuestion);
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            var firstByte = -1.0;
            var buffer = new char[1];
            // The first character of the answer = the answer exists (the CLI prints once it is composed).
            if (p.StandardOutput.Read(buffer, 0, 1) > 0) firstByte = sw.Elapsed.TotalMilliseconds;
            var rest = p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            var total = sw.Elapsed.TotalMilliseconds;
            var text = buffer[0] + rest;
            if (p.ExitCode != 0 || firstByte < 0 || !text.Contains("Site Reliability", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"run {i}: exit {p.ExitCode}, unexpected output:\n{text}\n{err}");
                return 1;
            }
            var label = i == 0 ? "warm-up" : $"run {i}";
            Console.WriteLine($"  {label,-8} first answer {firstByte,7:F0} ms   exit {total,7:F0} ms");
            if (i > 0) { first.Add(firstByte); exit.Add(total); }
        }
        Console.WriteLine($"STARTUP first answer: min {first.Min():F0} ms, median {Median(first):F0} ms, max {first.Max():F0} ms (target ≤ 1500 ms)");
        Console.WriteLine($"STARTUP process exit: min {exit.Min():F0} ms, median {Median(exit):F0} ms, max {exit.Max():F0} ms");

        // Where the time goes: the same work in a fresh process of this program, phase by phase.
        var self = typeof(Program).Assembly.Location;
        Console.WriteLine($"\nstart-up break-down (fresh `dotnet {Path.GetFileName(self)} coldstart` processes, same work as the CLI minus printing):");
        for (var i = 0; i < 3; i++)
        {
            var psi = i == 0 ? Dotnet(self, "coldstart", "--regex") : Dotnet(self, "coldstart");
            psi.Environment[Profile.SpawnTimestampVariable] = Stopwatch.GetTimestamp().ToString();
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            Console.Write(output);
        }
        return 0;
    }

    /// <summary>
    /// 1,000 questions (the varied list, cycled) written to a temp file and piped into one
    /// <c>rolebot ask --json</c> process; checks 1,000 JSON lines came back, in order. Three runs.
    /// </summary>
    public static int Batch(string[] args)
    {
        if (!CheckCli()) return 1;
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1000;
        var questions = Enumerable.Range(0, count).Select(i => Questions.All[i % Questions.All.Length].Text).ToList();
        var file = Path.Combine(Path.GetTempPath(), $"rolebot-batch-{Environment.ProcessId}.txt");
        File.WriteAllLines(file, questions);
        Console.WriteLine($"batch: dotnet {CliDll} --knowledge {Corpora.KnowledgeFolder} ask --json < {file}  ({count} questions)");
        try
        {
            var times = new List<double>();
            for (var run = 1; run <= 3; run++)
            {
                var psi = Dotnet(CliDll, "--knowledge", Corpora.KnowledgeFolder, "ask", "--json");
                psi.RedirectStandardInput = true;
                var sw = Stopwatch.StartNew();
                using var p = Process.Start(psi)!;
                var feed = Task.Run(async () =>
                {
                    await using (var input = File.OpenRead(file)) await input.CopyToAsync(p.StandardInput.BaseStream);
                    p.StandardInput.Close();
                });
                var errors = p.StandardError.ReadToEndAsync();
                var lines = new List<string>();
                while (p.StandardOutput.ReadLine() is { } line) lines.Add(line);
                p.WaitForExit();
                feed.Wait();
                var elapsed = sw.Elapsed.TotalMilliseconds;

                var problems = Validate(lines, questions);
                if (p.ExitCode != 0) problems.Insert(0, $"exit code {p.ExitCode}: {errors.Result}");
                if (problems.Count > 0)
                {
                    Console.Error.WriteLine($"run {run}: " + string.Join("\n  ", problems.Take(5)));
                    return 1;
                }
                var intents = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("intent").GetString())
                    .GroupBy(i => i).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
                Console.WriteLine($"  run {run}: {lines.Count} JSON lines in {elapsed:F0} ms ({(elapsed / count):F2} ms per question incl. start-up)" +
                                  (run == 1 ? $"\n    intents: {string.Join(", ", intents)}" : ""));
                times.Add(elapsed);
            }
            Console.WriteLine($"BATCH {count} questions, one process: min {times.Min():F0} ms, median {Median(times):F0} ms, max {times.Max():F0} ms (target < 5000 ms)");
            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<string> Validate(List<string> lines, List<string> questions)
    {
        var problems = new List<string>();
        if (lines.Count != questions.Count) problems.Add($"expected {questions.Count} JSON lines, got {lines.Count}");
        for (var i = 0; i < Math.Min(lines.Count, questions.Count); i++)
        {
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                var q = doc.RootElement.GetProperty("question").GetString();
                if (q != questions[i]) problems.Add($"line {i + 1}: question '{q}', expected '{questions[i]}'");
                if (doc.RootElement.GetProperty("text").GetString() is not { Length: > 0 }) problems.Add($"line {i + 1}: empty text");
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException)
            {
                problems.Add($"line {i + 1}: not an answer object: {e.Message}");
            }
        }
        return problems;
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
