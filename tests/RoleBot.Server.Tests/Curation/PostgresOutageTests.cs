using System.Net;
using System.Text.Json.Nodes;
using RoleBot.Curation.QuestionLog;
using RoleBot.Server.Tests.EndToEnd;
using RoleBot.Server.Tests.Observability;
using RoleBot.Server.Tests.SharedState;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Curation;

/// <summary>
/// The server as a process, logging to a real PostgreSQL server that stops in the middle of the
/// run: answers keep flowing, what does not fit the queue is dropped and counted, everything else
/// is written once the database is back, and a restarted server finds every row it stored.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOutageTests
{
    private static async Task AskAsync(HttpClient client, string text)
    {
        var response = await client.PostAsync("api/messages", Activities.Json(Activities.Message(text, channelId: "webchat", expectReplies: true, id: Guid.NewGuid().ToString("N"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await response.ReadObjectAsync())["activities"]!.AsArray();
        Assert.NotEmpty(replies); // an answer, whatever the database is doing
    }

    private static async Task<double> DroppedAsync(HttpClient client) =>
        MetricsScrape.Sample(await MetricsScrape.ReadAsync(client), "rolebot_question_log_writes", "outcome=\"dropped\"");

    private static async Task<double> WaitingAsync(HttpClient client) =>
        MetricsScrape.Sample(await MetricsScrape.ReadAsync(client), "rolebot_question_log_waiting");

    [Fact]
    public async Task With_PostgreSQL_stopped_answers_flow_the_drop_is_counted_and_logging_resumes_and_survives_a_restart()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["Log__PostgreSql"] = postgres.ConnectionString, ["Log__QueueCapacity"] = "3" };
        await using var store = new PostgresQuestionStore(postgres.ConnectionString);
        var asked = 0;

        var server = await ServerProcess.StartAsync(settings, "server-postgres-1.log");
        try
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            foreach (var q in new[] { "what does an SRE do?", "/compare devops sre" }) { await AskAsync(client, q); asked++; }
            await LoggedRows.WaitAsync(store, r => r.Count == 2);

            await postgres.StopAsync();
            for (var i = 0; i < 10; i++) { await AskAsync(client, $"what is toil? ({i})"); asked++; }
            var ready = await (await client.GetAsync("readyz")).ReadObjectAsync();
            Assert.Equal("ready", (string?)ready["status"]);
            Assert.Equal("postgresql (unavailable)", (string?)ready["questionLog"]);
            var dropped = await DroppedAsync(client);
            Assert.True(dropped >= 1, "entries beyond the queue's capacity are counted as dropped");

            await postgres.StartAgainAsync();
            // The writer notices by itself (its back-off is at most 10 s) and /readyz says so.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((string?)(await (await client.GetAsync("readyz")).ReadObjectAsync())["questionLog"] != "postgresql" && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            Assert.Equal("postgresql", (string?)(await (await client.GetAsync("readyz")).ReadObjectAsync())["questionLog"]);
            // The backlog goes in right away, not after the writer's usual pause, so the queue has room again.
            deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (await WaitingAsync(client) > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.Equal(0, await WaitingAsync(client));
            await AskAsync(client, "who do I page when the site is down?"); asked++;
            // Nothing but the counted drop is lost: every other question is written, in order.
            var rows = await LoggedRows.WaitAsync(store, r => r.Any(q => q.Question.StartsWith("who do I page")), TimeSpan.FromSeconds(60));
            Assert.Equal(asked - (int)dropped, rows.Count);
            Assert.Equal(dropped, await DroppedAsync(client));
        }
        finally { await server.DisposeAsync(); }

        var stored = (await store.ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).Select(r => r.AnswerId).ToHashSet();
        var again = await ServerProcess.StartAsync(settings, "server-postgres-2.log");
        try
        {
            using var client = new HttpClient { BaseAddress = again.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await AskAsync(client, "what is an error budget?");
            var rows = await LoggedRows.WaitAsync(store, r => r.Count == stored.Count + 1);
            Assert.Subset(rows.Select(r => r.AnswerId).ToHashSet(), stored);
        }
        finally { await again.DisposeAsync(); }
    }
}
