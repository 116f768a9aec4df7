using RoleBot.Curation.QuestionLog;

namespace RoleBot.Tests;

/// <summary>
/// A questions log in a fresh SQLite file, written through the real store as the server writes it:
/// what the report tests read. Deleted with its WAL files on dispose.
/// </summary>
public sealed class ReportLog : IAsyncDisposable
{
    private readonly List<LogEntry> _entries = [];
    private int _next;

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rolebot-report-{Guid.NewGuid():n}.db");

    /// <summary>Now, to the millisecond the log keeps, so a question "asked now" reads back as it was written.</summary>
    public DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>A typed question RoleBot declined.</summary>
    public QuestionAsked Declined(string question, DateTimeOffset? at = null, string user = "u1") =>
        Add(question, "typed", "unknown", 0.2, [], answered: false, at, user);

    /// <summary>A question RoleBot answered, citing <paramref name="cited"/>.</summary>
    public QuestionAsked Answered(string question, string intent = "define", double confidence = 0.9, string[]? cited = null,
        DateTimeOffset? at = null, string kind = "typed", string user = "u1", string[]? roles = null) =>
        Add(question, kind, intent, confidence, cited ?? ["roles/sre.md#Definition"], answered: true, at, user, roles);

    public QuestionAsked Add(string question, string kind, string intent, double confidence, string[] cited, bool answered,
        DateTimeOffset? at = null, string user = "u1", string[]? roles = null)
    {
        var asked = new QuestionAsked(at ?? Now.AddMinutes(-_entries.Count - 1), $"answer-{++_next:D4}", "teams", kind, user, $"teams:{user}",
            question, intent, roles ?? [], confidence, cited, answered);
        _entries.Add(asked);
        return asked;
    }

    public void Feedback(QuestionAsked answer, Reaction reaction, string? text = null, string user = "u2") =>
        _entries.Add(new FeedbackGiven(answer.Time.AddSeconds(30), answer.Channel, user, answer.Conversation, answer.AnswerId, null, reaction, text));

    /// <summary>Writes what was added (questions before the feedback that names them).</summary>
    public async Task<string> WriteAsync()
    {
        await using var store = new SqliteQuestionStore(Path);
        await store.OpenAsync(CancellationToken.None);
        await store.WriteAsync(_entries.OfType<QuestionAsked>().ToList(), CancellationToken.None);
        await store.WriteAsync(_entries.OfType<FeedbackGiven>().ToList(), CancellationToken.None);
        _entries.Clear();
        return Path;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" }) File.Delete(file);
        return ValueTask.CompletedTask;
    }
}
