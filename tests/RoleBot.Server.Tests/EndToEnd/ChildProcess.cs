using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// A process the end-to-end tests start and always stop: output goes to a log file in the test
/// output folder (and the last lines are kept for failure messages); stopping sends SIGTERM, then
/// kills the process tree if it has not exited after a grace period. Only the process it started is
/// ever signalled.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int MaxKeptLines = 300;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly StreamWriter _log;
    private readonly object _logLock = new();
    private readonly EventHandler _onProcessExit;
    private int _stopped;

    public string Name { get; }
    public string LogPath { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Raised for each line of stdout or stderr (from a thread-pool thread).</summary>
    public event Action<string>? Line;

    private ChildProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        // If the test host goes away without disposing us, don't leave a server listening.
        _onProcessExit = (_, _) => KillNow();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, string logPath)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // never inherit the test runner's stdin
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, logPath);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        child.Write($"$ {fileName} {string.Join(' ', info.ArgumentList)}  (in {workingDirectory})");
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            child.Dispose();
            throw new InvalidOperationException($"Could not start {name} ({fileName}): {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines the process printed, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _tail.ToArray().TakeLast(lines));

    public string Describe() =>
        $"{Name} (pid {_process.Id}{(HasExited ? $", exited with {ExitCode}" : "")}); log: {LogPath}\n--- last output ---\n{Tail()}";

    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        try
        {
            if (!_process.HasExited)
            {
                if (!OperatingSystem.IsWindows()) Terminate(_process.Id);
                using var wait = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(10));
                try { await _process.WaitForExitAsync(wait.Token); }
                catch (OperationCanceledException) { KillNow(); }
            }
            if (!_process.WaitForExit(5_000)) KillNow();
            Write($"[{Name} stopped{(HasExited ? $", exit code {ExitCode}" : "")}]");
        }
        finally
        {
            Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Waits for a process that ends by itself (a script); past <paramref name="timeout"/> it is stopped and this throws.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException)
        {
            await StopAsync();
            throw new TimeoutException($"{Name} did not finish within {timeout.TotalSeconds:0} s; log: {LogPath}\n--- last output ---\n{Tail()}");
        }
        return _process.ExitCode;
    }

    private void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        lock (_logLock) _log.Dispose();
        _process.Dispose();
    }

    private void KillNow()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { } // already gone
        catch (System.ComponentModel.Win32Exception) { }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _tail.Enqueue(line);
        while (_tail.Count > MaxKeptLines && _tail.TryDequeue(out _)) { }
        Write(line);
        Line?.Invoke(line);
    }

    private void Write(string line)
    {
        lock (_logLock)
        {
            try { _log.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
    }

    private static void Terminate(int pid) => _ = SysKill(pid, 15 /* SIGTERM */);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
