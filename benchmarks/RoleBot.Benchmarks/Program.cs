using BenchmarkDotNet.Running;
using RoleBot.Benchmarks;

// dotnet run -c Release --project benchmarks/RoleBot.Benchmarks -- [mode | BenchmarkDotNet args]
//   (no args)          every BenchmarkDotNet benchmark (same as --filter '*')
//   --filter … etc.    BenchmarkDotNet's own command line (BenchmarkSwitcher)
//   startup            wall time to first answer of `rolebot ask "…"`, fresh process each run (5 runs)
//   batch              `rolebot ask --json` answering 1,000 questions from stdin in one process
//   profile            in-process break-down: build phases per corpus, Ask phases and per-call percentiles
//   coldstart          (used by startup) one fresh-process start-up, timed phase by phase
//   loop build|ask [s] a steady loop to attach a profiler to (dotnet-trace)
switch (args.FirstOrDefault())
{
    case "startup":
        return CliModes.Startup(args[1..]);
    case "batch":
        return CliModes.Batch(args[1..]);
    case "profile":
        return Profile.Run(args[1..]);
    case "loop":
        return Profile.Loop(args[1..]);
    case "coldstart":
        return Profile.ColdStart(args[1..]);
    case "help":
        Console.WriteLine("modes: startup [runs] | batch [questions] | profile [corpus…] | coldstart | BenchmarkDotNet args (no args: all benchmarks)");
        return 0;
    default:
        return RunBenchmarks(args.Length == 0 ? ["--filter", "*"] : args);
}

// Kept out of the top-level code so that the coldstart mode does not load BenchmarkDotNet before it starts timing.
[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
