using System.Net;
using System.Text.Json.Nodes;
using RoleBot.Curation.QuestionLog;
using RoleBot.Server.Tests.Observability;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Curation;

/// <summary>
/// Teams' own 👍/👎 on every answer: the reply asks for the feedback loop, the click comes back as a
/// message/submitAction invoke naming the message, and the questions log keeps it with the
/// question it answered, its intent, and hashed ids only.
/// </summary>
public sealed class TeamsFeedbackTests
{
    private static JsonObject FeedbackInvoke(string? replyToId, string reaction, string? feedback)
    {
        var invoke = Activities.Message("");
        invoke["type"] = "invoke";
        invoke["name"] = "message/submitAction";
        invoke.Remove("text");
        if (replyToId is not null) invoke["replyToId"] = replyToId;
        invoke["value"] = new JsonObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JsonObject { ["reaction"] = reaction, ["feedback"] = feedback },
        };
        return invoke;
    }

    [Fact]
    public async Task A_thumbs_down_with_text_on_a_Teams_answer_is_stored_with_its_question_and_intent()
    {
        await using var connector = await FakeConnector.StartAsync();
        using var server = BotServer.Anonymous();
        var client = server.CreateClient();

        var asked = await client.PostAsync("/api/messages", Activities.Json(Activities.Message("what does an SRE actually do all day?", serviceUrl: connector.ServiceUrl)));
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var reply = (await connector.WaitForCallsAsync(1)).Single().Body!;
        // Teams shows its own 👍/👎; the legacy feedbackLoopEnabled must not be set beside it.
        Assert.Equal("default", (string?)reply["channelData"]?["feedbackLoop"]?["type"]);
        Assert.Null(reply["channelData"]?["feedbackLoopEnabled"]);

        // The connector named the message "reply-1"; Teams' form sends its text as a JSON string.
        var feedback = await client.PostAsync("/api/messages", Activities.Json(FeedbackInvoke("reply-1", "dislike", """{"feedbackText":"I wanted to know about on-call pay"}""")));
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        Assert.Equal("", await feedback.Content.ReadAsStringAsync());

        var rows = await LoggedRows.WaitAsync(server.QuestionLogPath!, r => r.Any(q => q.Feedback.Count > 0));
        var row = Assert.Single(rows);
        Assert.Equal("what does an SRE actually do all day?", row.Question);
        Assert.Equal("define", row.Intent);
        Assert.Contains("sre", row.Roles);
        Assert.Equal("msteams", row.Channel);
        Assert.NotEmpty(row.Cited);
        var given = Assert.Single(row.Feedback);
        Assert.Equal(Reaction.Dislike, given.Reaction);
        Assert.Equal("I wanted to know about on-call pay", given.Text);

        // Neither the person's ids nor the conversation's are in the file, only keyed hashes.
        server.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(server.QuestionLogPath!)) +
                    (File.Exists(server.QuestionLogPath + "-wal") ? System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(server.QuestionLogPath + "-wal")) : "");
        Assert.DoesNotContain("00000000-0000-0000-0000-000000000001", bytes);
        Assert.DoesNotContain("29:user-1", bytes);
        Assert.DoesNotContain("Ada Lovelace", bytes);
        Assert.DoesNotContain("19:abc123@thread.tacv2", bytes);
        Assert.Equal(32, row.UserHash.Length);
    }

    [Fact]
    public async Task On_the_chat_page_shape_the_reply_id_is_the_answer_and_a_second_reaction_replaces_the_first()
    {
        using var server = BotServer.Anonymous();
        var client = server.CreateClient();
        var before = await MetricsScrape.ReadAsync(client);

        var response = await (await client.PostAsync("/api/messages", Activities.Json(Activities.Message("/compare devops sre", channelId: "webchat", expectReplies: true)))).ReadObjectAsync();
        var reply = response["activities"]!.AsArray().Single()!;
        var id = (string?)reply["id"];
        Assert.Matches("^[0-9a-f]{28}$", id);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/messages", Activities.Json(FeedbackInvoke(id, "dislike", "{}")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/messages", Activities.Json(FeedbackInvoke(id, "like", null)))).StatusCode);

        var rows = await LoggedRows.WaitAsync(server.QuestionLogPath!, r => r.Any(q => q.Feedback.Any(f => f.Reaction == Reaction.Like)));
        var row = Assert.Single(rows);
        Assert.Equal("command", row.Kind);
        Assert.Equal("compare", row.Intent);
        Assert.Equal(Reaction.Like, Assert.Single(row.Feedback).Reaction);

        var after = await MetricsScrape.ReadAsync(client);
        string[] liked = ["reaction=\"like\"", "intent=\"compare\""];
        Assert.True(MetricsScrape.Sample(after, "rolebot_feedback", liked) - MetricsScrape.Sample(before, "rolebot_feedback", liked) >= 1, after);
        Assert.True(MetricsScrape.Sample(after, "rolebot_question_log_writes", "outcome=\"written\"") >= 3, after);
    }

    [Fact]
    public async Task A_feedback_invoke_that_is_not_feedback_is_refused_politely_and_logs_nothing()
    {
        using var server = BotServer.Anonymous();
        var client = server.CreateClient();
        var invoke = FeedbackInvoke("x", "meh", null);
        var response = await client.PostAsync("/api/messages", Activities.Json(invoke));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(400, (int?)(await response.ReadObjectAsync())["statusCode"]);

        invoke["value"] = "not an object";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/messages", Activities.Json(invoke))).StatusCode);
    }

    [Fact]
    public async Task With_the_log_switched_off_answers_have_no_feedback_buttons_and_no_file_is_written()
    {
        var path = Path.Combine(Path.GetTempPath(), "rolebot-tests", $"off-{Guid.NewGuid():N}.db");
        using var server = BotServer.Anonymous(new Dictionary<string, string?> { ["Log:Questions"] = "false", ["Log:SqlitePath"] = path });
        var client = server.CreateClient();
        var response = await (await client.PostAsync("/api/messages", Activities.Json(Activities.Message("what is toil?", expectReplies: true)))).ReadObjectAsync();
        var reply = response["activities"]!.AsArray().Single()!;
        Assert.Null(reply["channelData"]);
        Assert.Null(reply["id"]);
        var ready = await (await client.GetAsync("/readyz")).ReadObjectAsync();
        Assert.Equal("off", (string?)ready["questionLog"]);
        Assert.False(File.Exists(path));
    }
}
