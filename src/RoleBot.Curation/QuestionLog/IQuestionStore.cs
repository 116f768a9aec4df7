namespace RoleBot.Curation.QuestionLog;

/// <summary>
/// Where the questions log lives: SQLite in a file by default, PostgreSQL when several replicas
/// share one log. Calls may fail whenever the database is away; the writer retries.
/// </summary>
public interface IQuestionStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgresql", for logs and /readyz.</summary>
    string Kind { get; }

    /// <summary>Creates or migrates the schema and reads the hashing key; safe to run from many replicas at once.</summary>
    Task OpenAsync(CancellationToken ct);

    /// <summary>Writes the entries in one transaction, in order; returns what each feedback entry matched.</summary>
    Task<IReadOnlyList<FeedbackOutcome>> WriteAsync(IReadOnlyList<LogEntry> entries, CancellationToken ct);

    /// <summary>
    /// True when <paramref name="error"/> is about the data written (a constraint, a value the
    /// database refuses): that entry is dropped. Anything else (away, full, read-only, timing out)
    /// means the whole batch waits and is tried again.
    /// </summary>
    bool IsBadEntry(Exception error);

    /// <summary>Deletes questions asked before <paramref name="cutoff"/>, with their feedback; returns how many.</summary>
    Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Every question asked at or after <paramref name="since"/>, oldest first, with its feedback.</summary>
    Task<IReadOnlyList<LoggedQuestion>> ReadSinceAsync(DateTimeOffset since, CancellationToken ct);
}
