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

    /// <summary>Succeeds when the database answers at all: tells "the database is away" from "this entry is bad".</summary>
    Task PingAsync(CancellationToken ct);

    /// <summary>Deletes questions asked before <paramref name="cutoff"/>, with their feedback; returns how many.</summary>
    Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Every question asked at or after <paramref name="since"/>, oldest first, with its feedback.</summary>
    Task<IReadOnlyList<LoggedQuestion>> ReadSinceAsync(DateTimeOffset since, CancellationToken ct);
}
