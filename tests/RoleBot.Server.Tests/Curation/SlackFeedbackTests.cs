using System.Net;
using System.Text.Json.Nodes;
using RoleBot.Curation.QuestionLog;
using RoleBot.Server.Tests.Slack;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Curation;

/// <summary>
/// Slack's own feedback buttons under every answer: the click comes back as block_actions, a 👎
/// asks "What were you looking for?" only to that person, and the answer lands in the log.
/// </summary>
public sealed class SlackFeedbackTests
{
    private static JsonObject FeedbackButtons(JsonNode message) =>
        Activities.Walk(message).Single(o => (string?)o["type"] == "feedback_buttons");

    [Fact]
    public async Task A_thumbs_down_then_what_was_missing_is_stored_with_the_question_and_the_person_is_thanked()
    {
        await using var slack = await FakeSlack.StartAsync();
        using var server = BotServer.Anonymous(SlackRequests.ServerSettings(slack));
        var client = server.CreateClient();

        var command = await client.SendAsync(SlackRequests.Command("/rolebot", "how much does a platform engineer earn in Berlin", slack.ResponseUrl("c1")));
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        var answer = await command.ReadObjectAsync();
        var buttons = FeedbackButtons(answer);
        Assert.Equal("context_actions", (string?)Activities.Walk(answer).Single(o => o["elements"] is JsonArray e && e.Contains(buttons))["type"]);
        var negative = (string)buttons["negative_button"]!["value"]!;
        Assert.StartsWith("dislike|", negative);

        // The click, as Slack sends a feedback_buttons press.
        var click = new JsonObject { ["type"] = "feedback_buttons", ["action_id"] = "feedback", ["block_id"] = "fb", ["value"] = negative, ["action_ts"] = "1700000003.1" };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SlackRequests.BlockActions(click, slack.ResponseUrl("fb1")))).StatusCode);
        var question = await WaitForResponseAsync(slack, "fb1");
        Assert.Equal("ephemeral", (string?)question["response_type"]);
        var input = Activities.Walk(question).Single(o => (string?)o["type"] == "input");
        Assert.Contains("What were you looking for?", SlackRequests.AllText(input));

        // The person types an answer and presses Enter: a dispatched plain_text_input.
        var typed = new JsonObject
        {
            ["type"] = "plain_text_input", ["action_id"] = (string?)input["element"]!["action_id"], ["block_id"] = (string?)input["block_id"],
            ["value"] = "salary ranges by country", ["action_ts"] = "1700000004.1",
        };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SlackRequests.BlockActions(typed, slack.ResponseUrl("fb2")))).StatusCode);
        var thanks = await WaitForResponseAsync(slack, "fb2");
        Assert.True((bool?)thanks["replace_original"]);
        Assert.Contains("Thank", (string?)thanks["text"]);

        var rows = await LoggedRows.WaitAsync(server.QuestionLogPath!, r => r.Any(q => q.Feedback.Any(f => f.Text is not null)));
        var row = Assert.Single(rows);
        Assert.Equal("slack", row.Channel);
        Assert.Equal("/rolebot how much does a platform engineer earn in Berlin", row.Question);
        var given = Assert.Single(row.Feedback);
        Assert.Equal(Reaction.Dislike, given.Reaction);
        Assert.Equal("salary ranges by country", given.Text);
    }

    [Fact]
    public async Task A_posted_answer_is_joined_to_its_message_ts_and_a_thumbs_up_is_thanked()
    {
        await using var slack = await FakeSlack.StartAsync();
        using var server = BotServer.Anonymous(SlackRequests.ServerSettings(slack));
        var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(SlackRequests.AppMention("<@U0BOT> who owns the kubernetes clusters here?")))))
            .StatusCode);
        var posted = await WaitForCallAsync(slack, "chat.postMessage");
        var positive = (string)FeedbackButtons(posted)["positive_button"]!["value"]!;

        // Slack names the message by the ts chat.postMessage returned ("1700000000.000200" from the fake);
        // the button's value carries a forged answer id, so only the ts can find the answer. The click
        // comes at once, maybe before that ts is written: the log tries such feedback again.
        var click = new JsonObject { ["type"] = "feedback_buttons", ["action_id"] = "feedback", ["block_id"] = "fb", ["value"] = "like|0000000000000000", ["action_ts"] = "1700000003.1" };
        Assert.StartsWith("like|", positive);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SlackRequests.BlockActions(click, slack.ResponseUrl("up"), ephemeral: false, messageTs: "1700000000.000200"))).StatusCode);
        Assert.Contains("Thanks", (string?)(await WaitForResponseAsync(slack, "up"))["text"]);

        var rows = await LoggedRows.WaitAsync(server.QuestionLogPath!, r => r.Any(q => q.Feedback.Count > 0));
        var row = Assert.Single(rows);
        Assert.Equal("who owns the kubernetes clusters here?", row.Question.Trim());
        Assert.Equal(Reaction.Like, Assert.Single(row.Feedback).Reaction);
    }

    private static Task<JsonObject> WaitForResponseAsync(FakeSlack slack, string id) =>
        FirstAsync(slack.Responses, r => r.Method == id, $"Nothing was posted to response_url {id}");

    private static Task<JsonObject> WaitForCallAsync(FakeSlack slack, string method) =>
        FirstAsync(slack.Calls, r => r.Method == method, $"No {method} call reached Slack");

    private static async Task<JsonObject> FirstAsync(IEnumerable<SlackCall> calls, Func<SlackCall, bool> match, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (calls.FirstOrDefault(match) is { } found) return found.Body;
            await Task.Delay(25);
        }
        Assert.Fail(failure);
        return null!;
    }
}
