using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RoleBot.Server.Tests;

/// <summary>Keeps every log line a server writes, so a test can check what an operator would see.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Lines { get; } = new();

    public IEnumerable<string> Messages(LogLevel atLeast = LogLevel.Information) =>
        Lines.Where(l => l.Level >= atLeast).Select(l => l.Message);

    /// <summary>Waits until a line containing every one of <paramref name="parts"/> was logged.</summary>
    public async Task<string> WaitForAsync(TimeSpan timeout, params string[] parts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.Select(l => l.Message).FirstOrDefault(m => parts.All(m.Contains)) is { } found) return found;
            await Task.Delay(25);
        }
        Assert.Fail($"no log line with {string.Join(" + ", parts)}; got:\n{string.Join("\n", Lines.Select(l => l.Message).TakeLast(20))}");
        return "";
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Lines.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
