using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Delivery;

/// <summary>
/// Replies that are never silently lost: each Bot Framework service URL has its own queue, so a
/// slow peer holds back only its own replies; transient failures are retried until delivered; what
/// cannot be delivered by its deadline is dropped on purpose and logged with its ids; a full queue
/// is a logged 503; on shutdown the queue is drained within the grace period.
/// Real HTTP on 127.0.0.1 both ways: the server under test and fake connectors.
/// </summary>
public sealed class DeliveryTests
{
    private static BotServer Server(params (string Key, string Value)[] settings) =>
        BotServer.Anonymous(settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private static JsonObject Message(string text, string serviceUrl, string conversation, string id)
    {
        var a = Activities.Message(text, serviceUrl: serviceUrl, id: id);
        a["conversation"]!["id"] = conversation;
        return a;
    }

    /// <summary>Posts one message and checks it was acknowledged (202) rather than answered inline.</summary>
    private static async Task<HttpStatusCode> PostAsync(HttpClient client, JsonObject activity) =>
        (await client.PostAsync("/api/messages", Activities.Json(activity))).StatusCode;

    /// <summary>The first answer of a process loads the engine: get that out of the way before timing anything.</summary>
    private static async Task WarmUpAsync(HttpClient client, FakeConnector connector)
    {
        var before = connector.Calls.Count;
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("hello", connector.ServiceUrl, "warm-up", "w1")));
        await connector.WaitForCallsAsync(before + 1);
    }

    [Fact]
    public async Task A_slow_connector_holds_back_only_its_own_replies()
    {
        await using var slow = await FakeConnector.StartAsync();
        await using var fast = await FakeConnector.StartAsync();
        using var server = Server(("Delivery:WorkersPerDestination", "1"));
        var client = server.CreateClient();
        await WarmUpAsync(client, fast);

        slow.Delay = TimeSpan.FromSeconds(5);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("/role sre", slow.ServiceUrl, "slow-chat", $"s{i}")));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("/role sre", fast.ServiceUrl, "fast-chat", "f1")));

        // The fast peer's reply arrives while the slow one is still on its first call.
        var calls = await fast.WaitForCallsAsync(2, TimeSpan.FromSeconds(4));
        Assert.Contains(calls, c => c.RawPath.Contains(Uri.EscapeDataString("fast-chat")));
        Assert.InRange(slow.Calls.Count, 0, 1);
    }

    [Fact]
    public async Task A_full_queue_answers_503_and_logs_it_while_other_destinations_keep_flowing()
    {
        await using var hung = await FakeConnector.StartAsync();
        await using var healthy = await FakeConnector.StartAsync();
        using var server = Server(("Delivery:WorkersPerDestination", "1"), ("Delivery:QueueCapacity", "2"), ("Shutdown:GracePeriodSeconds", "1"));
        var client = server.CreateClient();
        await WarmUpAsync(client, healthy);

        hung.Delay = TimeSpan.FromSeconds(30);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add(await PostAsync(client, Message("/role sre", hung.ServiceUrl, "hung-chat", $"h{i}")));

        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Equal(HttpStatusCode.Accepted, statuses[0]);
        var line = await server.Logs.WaitForAsync(TimeSpan.FromSeconds(5), "503", "queue full", "hung-chat");
        Assert.Contains("activity h", line);
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("/role sre", healthy.ServiceUrl, "healthy-chat", "ok1")));
        await healthy.WaitForCallsAsync(2, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Timeouts_5xx_and_429_are_retried_until_the_reply_is_delivered()
    {
        await using var connector = await FakeConnector.StartAsync();
        using var server = Server(("Delivery:AttemptTimeoutSeconds", "0.5"), ("Delivery:DeadlineSeconds", "30"));
        var client = server.CreateClient();
        await WarmUpAsync(client, connector);

        connector.NextDelays.Enqueue(TimeSpan.FromSeconds(5)); // the first call hangs: the attempt times out
        connector.NextConnectorFailures.Enqueue((503, null));
        connector.NextConnectorFailures.Enqueue((429, "1"));
        var before = connector.Calls.Count;
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("/role sre", connector.ServiceUrl, "flaky-chat", "r1")));

        // Hang, 503, 429, then the reply goes through: four calls for one reply.
        var calls = await connector.WaitForCallsAsync(before + 4, TimeSpan.FromSeconds(20));
        Assert.All(calls.Skip(before), c => Assert.Contains(Uri.EscapeDataString("flaky-chat"), c.RawPath));
        await Task.Delay(1500);
        Assert.Equal(before + 4, connector.Calls.Count); // delivered: no more attempts
        Assert.DoesNotContain(server.Logs.Messages(), m => m.Contains("dropped"));
    }

    [Fact]
    public async Task A_reply_that_cannot_be_delivered_by_its_deadline_is_dropped_and_logged_with_its_ids()
    {
        // A port nothing listens on: every attempt is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var healthy = await FakeConnector.StartAsync();
        using var server = Server(("Delivery:DeadlineSeconds", "2"));
        var client = server.CreateClient();
        await WarmUpAsync(client, healthy);

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("/role sre", $"http://127.0.0.1:{port}/teams/", "lost-chat", "lost-1")));

        var line = await server.Logs.WaitForAsync(TimeSpan.FromSeconds(15), "dropped (deadline)", "lost-chat", "lost-1");
        Assert.Matches(@"after [2-9]\d* attempts", line);
        Assert.Contains("last status ConnectionError", line);
        Assert.Contains("channel msteams", line);
    }

    [Fact]
    public async Task A_4xx_from_the_connector_is_final_and_logged_not_retried()
    {
        await using var connector = await FakeConnector.StartAsync();
        using var server = Server();
        var client = server.CreateClient();
        await WarmUpAsync(client, connector);

        connector.NextConnectorFailures.Enqueue((404, null));
        var before = connector.Calls.Count;
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("/role sre", connector.ServiceUrl, "gone-chat", "g1")));

        var line = await server.Logs.WaitForAsync(TimeSpan.FromSeconds(15), "dropped (refused)", "gone-chat");
        Assert.Contains("last status 404", line);
        await Task.Delay(1000);
        Assert.Equal(before + 1, connector.Calls.Count);
    }

    [Fact]
    public async Task Shutdown_sends_the_queued_replies_within_the_grace_period()
    {
        await using var connector = await FakeConnector.StartAsync();
        var server = Server(("Delivery:WorkersPerDestination", "1"), ("Shutdown:GracePeriodSeconds", "20"));
        var client = server.CreateClient();
        await WarmUpAsync(client, connector);

        connector.Delay = TimeSpan.FromMilliseconds(300);
        var before = connector.Calls.Count;
        for (var i = 0; i < 8; i++)
            Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("/role sre", connector.ServiceUrl, "drain-chat", $"d{i}")));
        server.Dispose(); // what SIGTERM does: the host stops

        Assert.Equal(before + 8, connector.Calls.Count);
        Assert.Contains(server.Logs.Messages(), m => m.Contains("Shutting down: sending") && m.Contains("queued replies"));
    }

    [Fact]
    public async Task Shutdown_logs_each_reply_it_could_not_send_in_time()
    {
        await using var connector = await FakeConnector.StartAsync();
        var server = Server(("Delivery:WorkersPerDestination", "1"), ("Shutdown:GracePeriodSeconds", "1"));
        var client = server.CreateClient();
        await WarmUpAsync(client, connector);

        connector.Delay = TimeSpan.FromSeconds(30);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Message("/role sre", connector.ServiceUrl, "late-chat", $"late-{i}")));
        server.Dispose();

        var notSent = server.Logs.Messages().Where(m => m.Contains("Not sent before shutdown") && m.Contains("late-chat")).ToList();
        Assert.True(notSent.Count >= 2, string.Join("\n", server.Logs.Messages().TakeLast(10)));
        Assert.Contains(server.Logs.Messages(), m => m.Contains("Grace period over"));
    }
}
