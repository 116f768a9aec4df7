using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RoleBot.Curation.QuestionLog;

/// <summary>
/// The embedded default: one SQLite file, created with its folder on first use. WAL mode lets
/// <c>rolebot report</c> read while the server writes.
/// </summary>
public sealed class SqliteQuestionStore(string path) : SqlQuestionStore
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public override string Kind => "sqlite";

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 10 }.ToString();

    protected override async Task<DbConnection> ConnectAsync(CancellationToken ct)
    {
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000", ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE: the write lock is taken before the schema is even read.</summary>
    protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    /// <summary>CONSTRAINT, TOOBIG and MISMATCH are about the row; FULL, READONLY, IOERR, BUSY are about the file.</summary>
    public override bool IsBadEntry(Exception error) => error is SqliteException { SqliteErrorCode: 19 or 18 or 20 };

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; a closed store should let it be moved or deleted.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Where the log lives when nothing says otherwise: beside RoleBot's other data under
    /// $XDG_DATA_HOME (or ~/.local/share)/rolebot, so one machine needs no setup at all.
    /// </summary>
    public static string DefaultPath()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : !string.IsNullOrEmpty(home) ? System.IO.Path.Combine(home, ".local", "share")
            : System.IO.Path.GetTempPath();
        return System.IO.Path.Combine(root, "rolebot", "questions.db");
    }
}
