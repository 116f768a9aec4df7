using System.Net;
using System.Text.Json.Nodes;
using RoleBot.Server.Tests.EndToEnd;
using RoleBot.Server.Tests.Slack;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.SharedState;

/// <summary>Redis, a fake Slack, and two RoleBot server processes sharing that Redis: two replicas behind a load balancer.</summary>
public sealed class TwoReplicas : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;
    public FakeSlack Slack { get; private set; } = null!;
    public ServerProcess A { get; private set; } = null!;
    public ServerProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Slack = await FakeSlack.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Redis__Configuration"] = Redis.Configuration,
            ["SLACK_SIGNING_SECRET"] = SlackRequests.SigningSecret,
            ["SLACK_BOT_TOKEN"] = "xoxb-test-token",
            ["SLACK_API_URL"] = Slack.ApiUrl,
            ["Logging__LogLevel__RoleBot"] = "Debug",
        };
        A = await ServerProcess.StartAsync(settings, "replica-a.log");
        B = await ServerProcess.StartAsync(settings, "replica-b.log");
        await WaitForRedisAsync(A);
        await WaitForRedisAsync(B);
    }

    /// <summary>Until the replica's /readyz says it reaches Redis (it connects in the background, never blocking start-up).</summary>
    public async Task WaitForRedisAsync(ServerProcess replica)
    {
        using var client = Client(replica);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await (await client.GetAsync("readyz")).Content.ReadAsStringAsync();
            if (last.Contains("\"redis\":\"connected\"")) return;
            await Task.Delay(200);
        }
        Assert.Fail($"replica never reached Redis: /readyz {last}");
    }

    public HttpClient Client(ServerProcess replica) => new() { BaseAddress = replica.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Slack.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TwoReplicaCollection : ICollectionFixture<TwoReplicas>
{
    public const string Name = "TwoReplicas";
}

/// <summary>
/// State two replicas must agree on lives in Redis: a Slack event retried to the other replica is
/// answered once, a share click replayed on both posts once, a conversation whose turns alternate
/// between replicas keeps its context; Redis going away costs context, never answers, and it
/// comes back by itself.
/// </summary>
[Collection(TwoReplicaCollection.Name)]
public sealed class TwoReplicaTests(TwoReplicas replicas)
{
    private static async Task<JsonArray> AskAsync(HttpClient client, string text, string conversation)
    {
        var activity = Activities.Message(text, expectReplies: true, id: Guid.NewGuid().ToString("n"));
        activity["conversation"]!["id"] = conversation;
        var response = await client.PostAsync("api/messages", Activities.Json(activity));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync())["activities"]!.AsArray();
    }

    private static string CardText(JsonArray replies) => Activities.CardText(Activities.Card(Assert.Single(replies)!));

    [Fact]
    public async Task A_Slack_event_and_its_retry_on_the_other_replica_post_one_answer()
    {
        var before = replicas.Slack.Calls.Count(c => c.Method == "chat.postMessage");
        var callback = SlackRequests.EventCallback(SlackRequests.AppMention("<@U0BOT> what does an SRE do?"), "Ev0TWICE");
        using var a = replicas.Client(replicas.A);
        using var b = replicas.Client(replicas.B);

        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(SlackRequests.Event(callback))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(SlackRequests.Event(callback, retry: 1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(SlackRequests.Event(callback, retry: 2))).StatusCode);

        await replicas.Slack.WaitForAsync("chat.postMessage", before + 1);
        await Task.Delay(2000); // time for a second answer, if one were coming
        Assert.Equal(before + 1, replicas.Slack.Calls.Count(c => c.Method == "chat.postMessage"));
    }

    [Fact]
    public async Task Share_in_channel_replayed_on_both_replicas_posts_once()
    {
        var before = replicas.Slack.Responses.Count;
        using var a = replicas.Client(replicas.A);
        using var b = replicas.Client(replicas.B);
        for (var i = 0; i < 5; i++)
        {
            var response = await (i % 2 == 0 ? a : b).SendAsync(SlackRequests.BlockActions("share", "/role sre", replicas.Slack.ResponseUrl("share-" + i)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await replicas.Slack.WaitForResponsesAsync(before + 1);
        await Task.Delay(2000);
        Assert.Equal(before + 1, replicas.Slack.Responses.Count);
    }

    [Fact]
    public async Task A_conversation_whose_turns_alternate_between_replicas_keeps_its_context()
    {
        using var a = replicas.Client(replicas.A);
        using var b = replicas.Client(replicas.B);
        var conversation = "19:alternating-" + Guid.NewGuid().ToString("n");

        Assert.Contains("Site Reliability Engineer", CardText(await AskAsync(a, "what does an SRE do?", conversation)));
        Assert.StartsWith("Tools SREs use", CardText(await AskAsync(b, "and their tools?", conversation)));
        Assert.StartsWith("Tools platform engineers use", CardText(await AskAsync(a, "what about platform?", conversation)), StringComparison.OrdinalIgnoreCase);

        // The follow-ups offered on one replica (kept in Redis with their readings) are understood on the other when typed back.
        var offered = Activities.Buttons(Activities.Card(Assert.Single(await AskAsync(a, "what does an SRE do?", conversation))!))
            .Select(b => (string)b["title"]!).First(t => t.StartsWith("Interview"));
        Assert.StartsWith("Preparing for a Site Reliability Engineer interview", CardText(await AskAsync(b, offered.ToLowerInvariant(), conversation)));
    }

    [Fact]
    public async Task Redis_going_away_costs_context_not_answers_and_it_recovers_by_itself()
    {
        using var a = replicas.Client(replicas.A);
        using var b = replicas.Client(replicas.B);
        await replicas.Redis.StopAsync();
        try
        {
            // Answers keep flowing on both replicas, fast, with no 5xx.
            foreach (var (client, text) in new[] { (a, "what does an SRE do?"), (b, "/compare devops sre"), (a, "who writes the runbooks?") })
                Assert.NotEmpty(CardText(await AskAsync(client, text, "19:outage-" + Guid.NewGuid().ToString("n"))));
            var callback = SlackRequests.EventCallback(SlackRequests.AppMention("<@U0BOT> what is toil?"), "Ev0OUTAGE");
            Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(SlackRequests.Event(callback))).StatusCode);
            var ready = await (await a.GetAsync("readyz")).Content.ReadAsStringAsync();
            Assert.Contains("\"redis\":\"unavailable\"", ready);
        }
        finally
        {
            await replicas.Redis.StartAgainAsync();
        }

        // Back by itself: /readyz says so, and context crosses replicas again.
        await replicas.WaitForRedisAsync(replicas.A);
        await replicas.WaitForRedisAsync(replicas.B);
        var conversation = "19:after-" + Guid.NewGuid().ToString("n");
        await AskAsync(a, "what does a platform engineer do?", conversation);
        Assert.StartsWith("Tools platform engineers use", CardText(await AskAsync(b, "and their tools?", conversation)), StringComparison.OrdinalIgnoreCase);

        // One warning per outage, and one line when it is back: not one per request.
        var log = await File.ReadAllTextAsync(replicas.A.LogPath);
        Assert.Equal(1, CountOf(log, "is unavailable"));
        Assert.Contains("is back", log);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
