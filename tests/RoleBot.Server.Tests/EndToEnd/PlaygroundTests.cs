using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static RoleBot.Server.Tests.EndToEnd.JsonPath;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// A Teams user talks to the real server through the Microsoft 365 Agents Playground (channel
/// msteams, personal chat, anonymous local mode): each message goes Playground → POST /api/messages
/// → 202, and the answer comes back the asynchronous way, POSTed by the server to the Playground's
/// mock Bot Connector (serviceUrl http://localhost:PORT/_connector). The tests assert on what the
/// connector accepted and what the Playground would show, not on the server's internals.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PlaygroundTests(RoleBotServerFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private AgentsPlayground? _playground;
    private string _name = "";

    private AgentsPlayground Playground => _playground!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_playground is null) return;
        output.WriteLine($"Playground log panel ({_playground.Log.Count} entries), last ones:\n{_playground.Log.Summary(8)}");
        await _playground.DisposeAsync();
        output.WriteLine($"Logs: {EndToEndEnvironment.ArtifactsDir}/playground-{_name}.log, server: {fixture.Server.LogPath}");
    }

    [Fact]
    public async Task TeamsUser_GetsTheSreDefinitionAndAComparisonTable_AsAdaptiveCards()
    {
        await StartPlaygroundAsync("messages");

        var sre = await AskAsync("what does an SRE do?");
        var sreTexts = Texts(sre.Card);
        Assert.Contains("Site Reliability Engineer", sreTexts[0]); // the heading
        Assert.Contains(sreTexts.Skip(1), t => t.Contains("Site Reliability Engineer", StringComparison.Ordinal) &&
                                               t.Contains("reliab", StringComparison.OrdinalIgnoreCase)); // the definition
        Assert.Contains(Actions(sre.Card), a => Str(a, "type") == "Action.Execute" && (Str(a, "title") ?? "").Contains("Interview"));

        var compare = await AskAsync("/compare devops sre");
        var table = Find(compare.Card, n => Str(n, "type") == "Table");
        Assert.True(table is not null, "no Table in the comparison card: " + compare.Card.ToJsonString());
        var rows = table!["rows"]!.AsArray();
        var header = Texts(rows[0]!);
        Assert.Contains("DevOps", header);
        Assert.Contains("SRE", header);
        Assert.True(rows.Count > 2, $"the table has {rows.Count} rows");
        Assert.Contains("DevOps", Texts(compare.Card)[0]);
        Assert.Contains("SRE", Texts(compare.Card)[0]);
    }

    [Fact]
    public async Task TeamsUser_GivesAThumbsDownWithText_AndItIsStoredWithTheQuestionAndIntent()
    {
        await StartPlaygroundAsync("feedback");
        var answer = await AskAsync("who do I page when the site is down?");
        // The Playground shows Teams' own 👍/👎 under messages that ask for the feedback loop.
        Assert.True(answer.Shown["feedbackLoopEnabled"] is JsonValue v && v.GetValue<bool>(), "no feedback loop on " + answer.Shown.ToJsonString());

        var (status, body) = await Playground.SendFeedbackAsync("dislike", "I wanted the on-call rota, not a definition");
        Assert.True(status == 200, $"the Playground answered the feedback with {status}: {body?.ToJsonString()}\n{Playground.Log.Summary(5)}");

        var rows = await Curation.LoggedRows.WaitAsync(fixture.Server.QuestionLogPath!,
            r => r.Any(q => q.Feedback.Any(f => f.Text == "I wanted the on-call rota, not a definition")));
        var row = rows.Single(q => q.Feedback.Count > 0);
        Assert.Equal("who do I page when the site is down?", row.Question);
        Assert.Equal("who", row.Intent);
        Assert.Equal("msteams", row.Channel);
        Assert.Equal(RoleBot.Curation.QuestionLog.Reaction.Dislike, row.Feedback.Single().Reaction);
    }

    [Fact]
    public async Task TeamsUser_ClicksAFollowUpButton_AndTheCardBecomesTheNextAnswer()
    {
        await StartPlaygroundAsync("button");
        var sre = await AskAsync("what does an SRE do?");
        var button = Actions(sre.Card).FirstOrDefault(a => Str(a, "type") == "Action.Execute" && Str(a, "title") == "Interview tips for SREs");
        Assert.True(button is not null, "no \"Interview tips for SREs\" Action.Execute on the card: " + sre.Card.ToJsonString());

        var logFrom = Playground.Log.Count;
        var (status, body) = await Playground.ClickActionExecuteAsync(sre.PlaygroundMessageId, button!);

        // Teams sends adaptiveCard/action; the invoke response's card replaces the clicked one.
        Assert.True(status == 200, $"the Playground answered the click with {status}: {body?.ToJsonString()}\n{Playground.Log.Summary(5)}");
        Assert.Equal(AdaptiveCard, Str(body, "type"));
        var card = body!["value"]!;
        Assert.Equal("AdaptiveCard", Str(card, "type"));
        var texts = Texts(card);
        Assert.Contains("interview", texts[0], StringComparison.OrdinalIgnoreCase);
        Assert.True(texts[0].Contains("Site Reliability Engineer") || texts[0].Contains("SRE"), "heading: " + texts[0]);

        var (invokeLog, _) = await Playground.Log.WaitForAsync(
            n => Log(n) is { } l && Str(l, "request", "body", "type") == "invoke" && Str(l, "request", "body", "replyToId") == sre.PlaygroundMessageId,
            logFrom, Patience, "the invoke in the log panel");
        Assert.Equal("adaptiveCard/action", Str(Log(invokeLog)!, "request", "body", "name"));
        Assert.Equal(200, Int(Log(invokeLog)!, "response", "statusCode"));
    }

    private async Task StartPlaygroundAsync(string name)
    {
        _name = name;
        _playground = await AgentsPlayground.StartAsync(fixture.Server.MessagesEndpoint, name);
        output.WriteLine($"Playground at {_playground.BaseAddress} (conversation {_playground.ConversationId}) → bot at {fixture.Server.MessagesEndpoint}");
    }

    private sealed record BotAnswer(string PlaygroundMessageId, JsonNode Card, JsonNode Shown);

    /// <summary>
    /// Sends <paramref name="text"/> as the Playground's user and follows it through: the activity the
    /// Playground sent to the bot (acknowledged with 202), the bot's reply to the connector
    /// (replyToId = that activity, accepted with 201), and the message the Playground then shows.
    /// </summary>
    private async Task<BotAnswer> AskAsync(string text)
    {
        var logFrom = Playground.Log.Count;
        var chatFrom = Playground.Conversation.Count;
        await Playground.SendUserMessageAsync(text);

        // 1. Playground → bot: a Teams message activity, acknowledged at once.
        var (sent, _) = await Playground.Log.WaitForAsync(
            n => Log(n) is { } l && Str(l, "to") == "User Application" && Str(l, "request", "body", "type") == "message" &&
                 Str(l, "request", "body", "text") == text && Str(l, "conversationId") == Playground.ConversationId,
            logFrom, Patience, $"\"{text}\" to be sent to the bot");
        var activity = Log(sent)!["request"]!["body"]!;
        Assert.Equal("msteams", Str(activity, "channelId"));
        Assert.Equal("personal", Str(activity, "conversation", "conversationType"));
        Assert.StartsWith("http://localhost:", Str(activity, "serviceUrl"));
        var activityId = Str(activity, "id") ?? throw new InvalidOperationException("activity without id");
        var ack = Int(Log(sent)!, "response", "statusCode");
        Assert.True(ack is >= 200 and < 300, $"the bot answered the Playground's POST with {ack}:\n{Log(sent)!.ToJsonString()}");

        // 2. Bot → connector: the reply, accepted by the Playground's mock Bot Connector.
        JsonNode replyLog;
        try
        {
            (replyLog, _) = await Playground.Log.WaitForAsync(
                n => Log(n) is { } l && Str(l, "from") == "User Application" && Str(l, "request", "body", "replyToId") == activityId,
                logFrom, Patience, $"the bot's reply to \"{text}\" at the connector");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nServer: {fixture.Server.Describe()}", e);
        }
        var reply = Log(replyLog)!["request"]!["body"]!;
        var accepted = Int(Log(replyLog)!, "response", "statusCode");
        Assert.True(accepted is >= 200 and < 300, $"the connector refused the reply with {accepted}:\n{Log(replyLog)!.ToJsonString()}");
        Assert.Equal("message", Str(reply, "type"));
        Assert.Equal(Playground.ConversationId, Str(reply, "conversation", "id"));
        Assert.Equal(Playground.UserId, Str(reply, "recipient", "id"));
        Assert.Equal(Playground.BotId, Str(reply, "from", "id"));
        var attachments = reply["attachments"]?.AsArray() ?? [];
        Assert.Single(attachments);
        Assert.Equal(AdaptiveCard, (string?)attachments[0]!["contentType"]);
        var messageId = Str(Log(replyLog)!, "response", "body", "id") ?? throw new InvalidOperationException("the connector returned no id");

        // 3. What the Playground shows in the chat: that card, from the bot.
        var (shown, _) = await Playground.Conversation.WaitForAsync(
            n => Str(n, "action") == "createMessage" && Str(n, "message", "messageId") == messageId,
            chatFrom, Patience, $"the answer to \"{text}\" in the chat");
        var message = shown["message"]!;
        Assert.Equal(Playground.ConversationId, Str(shown, "actionConversationId"));
        Assert.Equal(Playground.BotId, Str(message, "from", "id"));
        var shownAttachments = message["attachments"]!.AsArray();
        Assert.Single(shownAttachments);
        Assert.Equal(AdaptiveCard, (string?)shownAttachments[0]!["contentType"]);
        var card = shownAttachments[0]!["content"]!;
        Assert.Equal("AdaptiveCard", Str(card, "type"));
        Assert.False(string.IsNullOrEmpty(Str(card, "version")), "card without a version");
        output.WriteLine($"\"{text}\" → card \"{Texts(card)[0]}\" (Playground message {messageId})");
        return new BotAnswer(messageId, card, message);
    }

    private static JsonNode? Log(JsonNode entry) => Str(entry, "logAction") == "appendLog" ? Get(entry, "log") : null;

    /// <summary>Every TextBlock text in document order (Table cells included, fallbacks not).</summary>
    private static List<string> Texts(JsonNode node)
    {
        var texts = new List<string>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    if (Str(o, "type") == "TextBlock" && o["text"] is JsonValue v && v.TryGetValue<string>(out var t)) texts.Add(t);
                    foreach (var (key, child) in o)
                        if (key != "fallback") Walk(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Walk(child);
                    break;
            }
        }
        Walk(node);
        return texts;
    }

    private static List<JsonNode> Actions(JsonNode card)
    {
        var actions = new List<JsonNode>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    if (Str(o, "type") == "ActionSet" && o["actions"] is JsonArray set) actions.AddRange(set.OfType<JsonNode>());
                    if (o["actions"] is JsonArray top && o["type"] is JsonValue tv && (string?)tv == "AdaptiveCard") actions.AddRange(top.OfType<JsonNode>());
                    foreach (var (key, child) in o)
                        if (key != "fallback" && key != "actions") Walk(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Walk(child);
                    break;
            }
        }
        Walk(card);
        return actions;
    }

    private static JsonNode? Find(JsonNode? node, Func<JsonObject, bool> match) => node switch
    {
        JsonObject o when match(o) => o,
        JsonObject o => o.Select(p => Find(p.Value, match)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(c => Find(c, match)).FirstOrDefault(f => f is not null),
        _ => null,
    };
}
