using System.Net;
using System.Text.Json.Nodes;
using RoleBot.Server.Tests.Slack;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.RateLimits;

/// <summary>
/// One person sending too fast gets a polite "slow down" in the chat (never an HTTP error that
/// Teams or Slack would retry), others are not affected, and the limit is counted.
/// </summary>
public sealed class RateLimitTests
{
    private static JsonObject From(string text, string user)
    {
        var a = Activities.Message(text, expectReplies: true, id: Guid.NewGuid().ToString("n"));
        a["from"] = new JsonObject { ["id"] = "29:" + user, ["name"] = user, ["aadObjectId"] = user };
        return a;
    }

    [Fact]
    public async Task A_person_over_the_limit_is_asked_to_slow_down_in_the_chat_and_others_are_not()
    {
        using var server = BotServer.Anonymous(new Dictionary<string, string?> { ["RateLimit:Burst"] = "3", ["RateLimit:PerMinute"] = "1" });
        var client = server.CreateClient();

        var texts = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/api/messages", Activities.Json(From("/role sre", "hasty")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // never a 429 the channel would retry
            texts.Add(Activities.CardText(Activities.Card((await response.ReadObjectAsync())["activities"]![0]!)));
        }
        Assert.All(texts.Take(3), t => Assert.StartsWith("Site Reliability Engineer", t));
        Assert.All(texts.Skip(3), t => Assert.Contains("faster than I can answer", t));

        var other = await client.PostAsync("/api/messages", Activities.Json(From("/role sre", "patient")));
        Assert.StartsWith("Site Reliability Engineer", Activities.CardText(Activities.Card((await other.ReadObjectAsync())["activities"]![0]!)));

        // prometheus-net takes meter measurements in the background: a scrape shortly after shows them.
        string metrics = "";
        for (var tries = 0; tries < 50; tries++)
        {
            metrics = await (await client.GetAsync("/metrics")).Content.ReadAsStringAsync();
            if (metrics.Split('\n').Any(l => l.StartsWith("rolebot_rate_limited") && l.Contains("channel=\"teams\"") && !l.EndsWith(" 0"))) return;
            await Task.Delay(100);
        }
        Assert.Fail("rolebot_rate_limited not counted:\n" + string.Join("\n", metrics.Split('\n').Where(l => l.StartsWith("rolebot_"))));
    }

    [Fact]
    public async Task A_Slack_command_over_the_limit_gets_an_ephemeral_slow_down_with_200()
    {
        await using var slack = await FakeSlack.StartAsync();
        using var server = BotServer.Anonymous(SlackRequests.ServerSettings(slack, ("RateLimit:Burst", "2"), ("RateLimit:PerMinute", "1")));
        var client = server.CreateClient();
        var replies = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.SendAsync(SlackRequests.Command("/role", "sre", slack.ResponseUrl("r" + i)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            replies.Add((await response.ReadObjectAsync()));
        }
        Assert.Contains("Site Reliability Engineer", SlackRequests.AllText(replies[1]));
        Assert.Contains("faster than I can answer", SlackRequests.AllText(replies[2]));
        Assert.Equal("ephemeral", (string?)replies[2]["response_type"]);
    }
}
