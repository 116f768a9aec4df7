using System.Data.Common;
using Npgsql;

namespace RoleBot.Curation.QuestionLog;

/// <summary>The log for several replicas: one PostgreSQL database they all write to.</summary>
public sealed class PostgresQuestionStore : SqlQuestionStore
{
    private readonly NpgsqlDataSource _source;

    public PostgresQuestionStore(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // A database that is away must fail a write quickly (it is retried), never hold the writer for long.
        if (!HasKey(connectionString, "Timeout")) builder.Timeout = 5;
        if (!HasKey(connectionString, "Command Timeout")) builder.CommandTimeout = 15;
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private static bool HasKey(string connectionString, string key) =>
        connectionString.Split(';').Any(part => part.Split('=')[0].Trim().Equals(key, StringComparison.OrdinalIgnoreCase));

    public override string Kind => "postgresql";

    protected override async Task<DbConnection> ConnectAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    /// <summary>A transaction-scoped advisory lock: replicas starting together migrate one after another.</summary>
    protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(727001)", ct);
        return tx;
    }

    /// <summary>Classes 22 (data exception) and 23 (integrity constraint) are about the row.</summary>
    public override bool IsBadEntry(Exception error) => error is PostgresException p && (p.SqlState.StartsWith("22") || p.SqlState.StartsWith("23"));

    public override async ValueTask DisposeAsync() => await _source.DisposeAsync();
}
