using System.Net;
using System.Text.Json.Nodes;

namespace RoleBot.Server.Tests.Teams;

/// <summary>
/// The Bot Framework endpoint in local (anonymous, Development) mode, as Web Chat, the Emulator and
/// the local chat page use it: real activities in, real activities out, in the HTTP response.
/// </summary>
public sealed class LocalModeTests : IClassFixture<LocalModeTests.Server>
{
    public sealed class Server : IDisposable
    {
        public BotServer Factory { get; } = BotServer.Anonymous();
        public HttpClient Client { get; }
        public Server() => Client = Factory.CreateClient();
        public void Dispose() => Factory.Dispose();
    }

    private readonly HttpClient _client;
    public LocalModeTests(Server server) => _client = server.Client;

    private async Task<JsonArray> ExpectRepliesAsync(JsonObject activity)
    {
        activity["deliveryMode"] = "expectReplies";
        var response = await _client.PostAsync("/api/messages", Activities.Json(activity));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync())["activities"]!.AsArray();
    }

    [Fact]
    public async Task ExpectReplies_returns_the_answer_card_addressed_back_to_the_sender()
    {
        var replies = await ExpectRepliesAsync(Activities.Message("what does an SRE do?"));

        var reply = Assert.Single(replies)!;
        Assert.Equal("message", (string?)reply["type"]);
        Assert.Equal("1700000000001", (string?)reply["replyToId"]);
        Assert.Equal(Activities.BotId, (string?)reply["from"]!["id"]);
        Assert.Equal("29:user-1", (string?)reply["recipient"]!["id"]);
        Assert.Equal(Activities.ConversationId, (string?)reply["conversation"]!["id"]);
        Assert.Null(reply["serviceUrl"]);
        var card = Activities.Card(reply);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Contains("Site Reliability Engineer", Activities.CardText(card));
        Assert.Contains("Sources:", Activities.CardText(card));
        Assert.InRange(Activities.Buttons(card).Count, 2, 3);
        // Teams shows no suggested actions on a message with attachments: the card's own buttons are the follow-ups.
        Assert.Null(reply["suggestedActions"]);
    }

    [Fact]
    public async Task A_comparison_is_a_table_with_a_column_set_fallback()
    {
        var card = Activities.Card(Assert.Single(await ExpectRepliesAsync(Activities.Message("/compare devops sre platform"))));
        var table = Activities.Walk(card).Single(n => (string?)n["type"] == "Table");
        var header = table["rows"]![0]!["cells"]!.AsArray().Select(c => Activities.CardText(c!)).ToList();
        Assert.Equal(["", "DevOps", "SRE", "Platform"], header);
        Assert.Equal("Container", (string?)table["fallback"]!["type"]);
        Assert.All(table["fallback"]!["items"]!.AsArray(), row => Assert.Equal("ColumnSet", (string?)row!["type"]));
        Assert.True(card.ToJsonString().Length < 80 * 1024);
    }

    [Fact]
    public async Task The_bots_own_mention_is_stripped_before_answering()
    {
        var activity = Activities.Message("<at>RoleBot</at> what does an SRE do?", conversationType: "channel");
        activity["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>RoleBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "RoleBot" },
        });
        var reply = Assert.Single(await ExpectRepliesAsync(activity))!;
        var card = Activities.Card(reply);
        Assert.StartsWith("Site Reliability Engineer", Activities.CardText(card));
        // Not a 1:1 chat: Teams shows no suggested actions there, so none are sent.
        Assert.Null(reply["suggestedActions"]);
    }

    [Fact]
    public async Task Installing_the_bot_sends_one_welcome_card()
    {
        var webChatJoin = Activities.ConversationUpdate(Activities.BotId, "RoleBot", isGroup: false);
        webChatJoin["channelId"] = "webchat";
        foreach (var activity in new[] { webChatJoin, InstallationUpdate("add") })
        {
            var reply = Assert.Single(await ExpectRepliesAsync(activity))!;
            var text = Activities.CardText(Activities.Card(reply));
            Assert.Contains("I'm RoleBot", text);
            foreach (var role in new[] { "DevOps Engineer", "Site Reliability Engineer", "Platform Engineer", "Cloud Engineer" })
                Assert.Contains(role, text);
            Assert.Contains("/compare", text);
            Assert.Equal(3, Activities.Buttons(Activities.Card(reply)).Count); // three example questions
        }

        // Teams sends a conversationUpdate and an installationUpdate for one install: welcomed once,
        // on the installation; and a new app version (add-upgrade) is not a new install.
        Assert.Empty(await ExpectRepliesAsync(Activities.ConversationUpdate(Activities.BotId, "RoleBot", isGroup: false)));
        Assert.Empty(await ExpectRepliesAsync(InstallationUpdate("add-upgrade")));

        static JsonObject InstallationUpdate(string action)
        {
            var a = Activities.Message("");
            a["type"] = "installationUpdate";
            a["action"] = action;
            return a;
        }
    }

    [Fact]
    public async Task Follow_ups_are_read_in_their_own_conversation_even_when_two_talk_at_once()
    {
        JsonObject In(string conversation, string text)
        {
            var a = Activities.Message(text);
            a["conversation"]!["id"] = conversation;
            return a;
        }
        string Title(JsonArray replies) => Activities.CardText(Activities.Card(Assert.Single(replies)!));
        var sre = "a:1" + Guid.NewGuid().ToString("n");
        var cloud = "a:2" + Guid.NewGuid().ToString("n");

        await ExpectRepliesAsync(In(sre, "what does an SRE do?"));
        await ExpectRepliesAsync(In(cloud, "what does a cloud engineer do?"));
        var sreTools = Title(await ExpectRepliesAsync(In(sre, "and their tools?")));
        var cloudTools = Title(await ExpectRepliesAsync(In(cloud, "and their tools?")));

        Assert.StartsWith("Tools SREs use", sreTools);
        Assert.StartsWith("Tools Cloud Engineers use", cloudTools);
    }

    [Fact]
    public async Task Only_JSON_is_accepted()
    {
        var body = Activities.Message("what does an SRE do?", expectReplies: true).ToJsonString();
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded" })
        {
            var response = await _client.PostAsync("/api/messages", new StringContent(body, System.Text.Encoding.UTF8, type));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }
    }

    [Fact]
    public async Task Text_echoed_back_from_a_command_cannot_carry_links_or_formatting()
    {
        var reply = Assert.Single(await ExpectRepliesAsync(Activities.Message("/role [Reset your password](https://evil.example) **now**")))!;
        var text = Activities.CardText(Activities.Card(reply));
        Assert.Contains("I don't know the role", text);
        Assert.DoesNotContain("](", text);
        Assert.DoesNotContain("https://evil.example", text);
        Assert.DoesNotContain("**", text);
    }

    [Fact]
    public async Task A_new_team_member_gets_a_welcome_that_mentions_them()
    {
        var reply = Assert.Single(await ExpectRepliesAsync(Activities.ConversationUpdate("29:new-person", "Grace Hopper", isGroup: true)))!;
        var card = Activities.Card(reply);
        Assert.Contains("Hi <at>Grace Hopper</at>!", Activities.CardText(card));
        var mention = card["msteams"]!["entities"]![0]!;
        Assert.Equal("mention", (string?)mention["type"]);
        Assert.Equal("<at>Grace Hopper</at>", (string?)mention["text"]);
        Assert.Equal("29:new-person", (string?)mention["mentioned"]!["id"]);
    }

    [Fact]
    public async Task Three_thousand_people_added_at_once_get_one_welcome_that_names_ten()
    {
        var update = Activities.ConversationUpdate("29:person-0", "Person 0", isGroup: true);
        update["membersAdded"] = new JsonArray([.. Enumerable.Range(0, 3000).Select(i => (JsonNode)new JsonObject { ["id"] = $"29:person-{i}", ["name"] = $"Person {i}" })]);

        var reply = Assert.Single(await ExpectRepliesAsync(update))!;

        var card = Activities.Card(reply);
        Assert.Equal(10, card["msteams"]!["entities"]!.AsArray().Count);
        Assert.Contains("<at>Person 9</at> and 2990 others!", Activities.CardText(card));
        Assert.DoesNotContain("Person 10<", Activities.CardText(card));
    }

    [Fact]
    public async Task A_follow_up_button_round_trips_through_Action_Execute_and_Action_Submit()
    {
        var first = Activities.Card(Assert.Single(await ExpectRepliesAsync(Activities.Message("what does an SRE do?"))));
        var button = Activities.Buttons(first).First(b => ((string?)b["title"])!.StartsWith("Interview"));

        // Action.Execute: an invoke whose result (in the HTTP response) is the next answer's card.
        var invoke = Activities.Message("");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = button["verb"]!.DeepClone(), ["data"] = button["data"]!.DeepClone() }, ["trigger"] = "manual" };
        var response = await _client.PostAsync("/api/messages", Activities.Json(invoke));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadObjectAsync();
        Assert.Equal(200, (int?)result["statusCode"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)result["type"]);
        Assert.Contains("interview", Activities.CardText(result["value"]!), StringComparison.OrdinalIgnoreCase);

        // Action.Submit (older clients): a message with the button's data as its value and no text.
        var submit = Activities.Message("");
        submit.Remove("text");
        submit["value"] = button["data"]!.DeepClone();
        var reply = Assert.Single(await ExpectRepliesAsync(submit));
        Assert.Contains("interview", Activities.CardText(Activities.Card(reply)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_button_is_answered_from_the_reading_it_carries_not_from_its_text()
    {
        var first = Activities.Card(Assert.Single(await ExpectRepliesAsync(Activities.Message("what does an SRE do?"))));
        var button = Activities.Buttons(first).First(b => ((string?)b["title"])!.StartsWith("Interview"));
        var reading = button["data"]!["reading"]!.AsObject();
        Assert.Equal("interview", (string?)reading["intent"]);
        Assert.Equal(["sre"], reading["roles"]!.AsArray().Select(r => (string?)r));

        // The same reading under text that would be read as something else: the reading wins.
        var data = button["data"]!.DeepClone().AsObject();
        data["text"] = "/compare devops platform";
        var submit = Activities.Message("");
        submit.Remove("text");
        submit["value"] = data;
        var card = Activities.Card(Assert.Single(await ExpectRepliesAsync(submit)));
        Assert.StartsWith("Preparing for a Site Reliability Engineer interview", Activities.CardText(card));
        Assert.DoesNotContain(Activities.Walk(card), n => (string?)n["type"] == "Table");

        // A forged reading (a role we don't have) is not trusted: the text is asked instead.
        data["reading"]!["roles"] = new JsonArray("astronaut");
        submit["value"] = data.DeepClone();
        card = Activities.Card(Assert.Single(await ExpectRepliesAsync(submit)));
        Assert.Contains(Activities.Walk(card), n => (string?)n["type"] == "Table");
    }

    [Fact]
    public async Task A_text_client_in_a_personal_chat_gets_its_follow_ups_as_messageBack_actions()
    {
        var activity = Activities.Message("what does an SRE do?", channelId: "directline");
        activity["textFormat"] = "markdown";
        var reply = Assert.Single(await ExpectRepliesAsync(activity))!;
        var action = reply["suggestedActions"]!["actions"]!.AsArray().Select(a => a!.AsObject()).First(a => ((string?)a["title"])!.StartsWith("Interview"));
        Assert.Equal("messageBack", (string?)action["type"]);
        Assert.Equal((string?)action["title"], (string?)action["displayText"]);

        // Pressed, the client sends the action's text and value back as a message.
        var pressed = Activities.Message((string)action["text"]!, channelId: "directline");
        pressed["textFormat"] = "markdown";
        pressed["value"] = action["value"]!.DeepClone();
        var next = Assert.Single(await ExpectRepliesAsync(pressed))!;
        Assert.StartsWith("**Preparing for a Site Reliability Engineer interview", (string?)next["text"]);
    }

    [Fact]
    public async Task A_markdown_client_gets_markdown_text_instead_of_a_card()
    {
        var activity = Activities.Message("/compare devops sre", channelId: "directline");
        activity["textFormat"] = "markdown";
        var reply = Assert.Single(await ExpectRepliesAsync(activity))!;
        Assert.Null(reply["attachments"]);
        Assert.Equal("markdown", (string?)reply["textFormat"]);
        Assert.Contains("| **DevOps** | **SRE** |", (string?)reply["text"]);
    }

    [Theory]
    [InlineData("{ this is not json", HttpStatusCode.BadRequest)]
    [InlineData("[1,2,3]", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"no type\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"\"}", HttpStatusCode.BadRequest)]
    [InlineData("null", HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    public async Task Malformed_activities_get_400(string body, HttpStatusCode expected)
    {
        var response = await _client.PostAsync("/api/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        var activity = Activities.Message(new string('x', 300_000), expectReplies: true);
        var response = await _client.PostAsync("/api/messages", Activities.Json(activity));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_entities_and_activity_types_are_ignored_never_a_500()
    {
        var odd = Activities.Message("what is an error budget?", expectReplies: true);
        odd["somethingNew"] = new JsonObject { ["nested"] = new JsonArray { 1, "two", null } };
        odd["entities"]!.AsArray().Add(new JsonObject { ["type"] = "ProductInfo", ["id"] = 42 });
        odd["entities"]!.AsArray().Add(new JsonObject { ["type"] = "mention", ["mentioned"] = 7, ["text"] = new JsonArray() });
        odd["attachments"] = new JsonArray { new JsonObject { ["contentType"] = "text/html", ["content"] = "<p>what is an error budget?</p>" } };
        var response = await _client.PostAsync("/api/messages", Activities.Json(odd));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Error budget", Activities.CardText(Activities.Card((await response.ReadObjectAsync())["activities"]![0])));

        var typing = Activities.Message("", expectReplies: true);
        typing["type"] = "typing";
        var ignored = await _client.PostAsync("/api/messages", Activities.Json(typing));
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.Empty((await ignored.ReadObjectAsync())["activities"]!.AsArray());
    }

    [Fact]
    public async Task Invokes_we_do_not_handle_get_501_and_bad_card_actions_a_400_result()
    {
        var unknown = Activities.Message("");
        unknown["type"] = "invoke";
        unknown["name"] = "composeExtension/query";
        Assert.Equal(HttpStatusCode.NotImplemented, (await _client.PostAsync("/api/messages", Activities.Json(unknown))).StatusCode);

        var bad = Activities.Message("");
        bad["type"] = "invoke";
        bad["name"] = "adaptiveCard/action";
        bad["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "delete-everything" } };
        var response = await _client.PostAsync("/api/messages", Activities.Json(bad));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(400, (int?)(await response.ReadObjectAsync())["statusCode"]);
    }

    [Fact]
    public async Task Hostile_text_gets_a_polite_reply()
    {
        foreach (var text in new[] { "C++ AND (", "\u0000\u0001\u001f", "", "   ", new string('a', 3000), "<script>alert(1)</script>", "title:sre^3 OR *" })
        {
            var reply = Assert.Single(await ExpectRepliesAsync(Activities.Message(text)))!;
            Assert.NotEmpty(Activities.CardText(Activities.Card(reply)));
        }
    }

    /// <summary>Where the cut falls, as a channel's JSON would carry it ("CUT" marks the spot in the text).</summary>
    public static TheoryData<string, string> CutOffEmoji() => new()
    {
        { "what does an SRE do? CUT", "\\ud83d" },      // a high surrogate with nothing after it
        { "CUT what does an SRE do?", "\\udc00" },      // a low surrogate with nothing before it
        { "what does CUT an SRE do?", "\\ud83d\\u0041" }, // a high surrogate followed by something else
    };

    [Theory]
    [MemberData(nameof(CutOffEmoji))]
    public async Task Hostile_text_cut_off_mid_emoji_is_answered_not_rejected(string text, string escape)
    {
        var json = Activities.Message(text, expectReplies: true).ToJsonString().Replace("CUT", escape);
        var response = await _client.PostAsync("/api/messages", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single((await response.ReadObjectAsync())["activities"]!.AsArray());
        Assert.Contains("Site Reliability Engineer", Activities.CardText(Activities.Card(reply)));
    }

    [Fact]
    public async Task Hostile_bytes_that_are_not_UTF8_are_read_as_replacement_characters()
    {
        // An emoji cut after two of its four bytes, as a client that truncates by bytes would send it.
        var json = System.Text.Encoding.UTF8.GetBytes(Activities.Message("what does an SRE do? CUT", expectReplies: true).ToJsonString());
        var at = json.AsSpan().IndexOf("CUT"u8);
        byte[] body = [.. json[..at], 0xF0, 0x9F, .. json[(at + 3)..]];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await _client.PostAsync("/api/messages", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single((await response.ReadObjectAsync())["activities"]!.AsArray());
        Assert.Contains("Site Reliability Engineer", Activities.CardText(Activities.Card(reply)));
    }

    [Fact]
    public async Task Health_and_readiness()
    {
        Assert.Equal("ok", await _client.GetStringAsync("/healthz"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage ready;
        while ((ready = await _client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("ready", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_chat_page_is_served_at_the_root()
    {
        var html = await _client.GetStringAsync("/");
        Assert.Contains("<title>RoleBot", html);
        Assert.Contains("chat.js", html);
        Assert.Contains("expectReplies", await _client.GetStringAsync("/chat.js"));
    }
}
