using RoleBot.Server.Tests.EndToEnd;

namespace RoleBot.Server.Tests.SharedState;

/// <summary>Tests that start their own PostgreSQL run one class at a time, after the rest of the suite (a 2-core machine).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection
{
    public const string Name = "Postgres";
}

/// <summary>
/// The fixture the questions-log tests stand on: a real PostgreSQL that takes a write, goes down
/// (fast shutdown) and comes back on the same port with the write still there.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Committed_rows_survive_a_stop_and_a_start_on_the_same_port()
    {
        await using var postgres = await PostgresServer.StartAsync();
        Assert.Contains($"Port={postgres.Port};", postgres.ConnectionString);
        Assert.Contains($"Database={PostgresServer.Database}", postgres.ConnectionString);

        Assert.Equal("", await PsqlAsync(postgres, "create table t(x int); insert into t values (1)", "psql-write"));

        await postgres.StopAsync();
        await postgres.StartAgainAsync();

        Assert.Equal("1", await PsqlAsync(postgres, "select count(*) from t", "psql-read"));
    }

    /// <summary>psql in a child process, unaligned and tuples-only: what it printed, trimmed.</summary>
    private static async Task<string> PsqlAsync(PostgresServer postgres, string sql, string step)
    {
        await using var psql = ChildProcess.Start(step, postgres.PsqlPath,
            [postgres.Url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
            EndToEndEnvironment.ArtifactsDir, new Dictionary<string, string?> { ["PGPASSWORD"] = null },
            Path.Combine(EndToEndEnvironment.ArtifactsDir, $"postgres-{postgres.Port}-{step}.log"));
        var exit = await psql.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"psql exited with {exit}.\n{psql.Describe()}");
        return psql.Tail().Trim();
    }
}
