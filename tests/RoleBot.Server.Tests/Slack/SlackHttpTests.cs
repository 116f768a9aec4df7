using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Slack;

/// <summary>
/// Slack's three request URLs over real HTTP, with real payload shapes, signed like Slack signs
/// them, against a local fake Slack Web API that records every call.
/// </summary>
public sealed class SlackHttpTests : IAsyncLifetime
{
    private FakeSlack _slack = null!;
    private BotServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _server = new BotServer("Development", SlackRequests.ServerSettings(_slack, ("SLACK_ONBOARDING_CHANNELS", "C0ONBOARD, C0NEWHIRES")));
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Url_verification_answers_the_challenge()
    {
        var body = new JsonObject { ["token"] = "x", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" };
        var response = await _client.SendAsync(SlackRequests.Signed("/slack/events", body.ToJsonString(), "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["challenge"]);
    }

    [Fact]
    public async Task Compare_devops_sre_returns_a_Block_Kit_answer_within_three_seconds()
    {
        var watch = Stopwatch.StartNew();
        var response = await _client.SendAsync(SlackRequests.Command("/compare", "devops sre", _slack.ResponseUrl("r1")));
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        var message = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("ephemeral", (string?)message["response_type"]);
        var blocks = message["blocks"]!.AsArray();
        Assert.Equal("header", (string?)blocks[0]!["type"]);
        Assert.Contains("DevOps vs SRE", (string?)blocks[0]!["text"]!["text"]);
        // Side by side: a section per dimension with one field per role.
        var fieldSections = blocks.Where(b => b!["fields"] is JsonArray { Count: 2 }).ToList();
        Assert.True(fieldSections.Count >= 4, SlackRequests.AllText(message));
        Assert.All(fieldSections, s =>
        {
            Assert.StartsWith("*DevOps*", (string?)s!["fields"]![0]!["text"]);
            Assert.StartsWith("*SRE*", (string?)s["fields"]![1]!["text"]);
        });
        var share = Teams.Activities.Walk(message).Single(o => (string?)o["action_id"] == "share");
        // Sharing posts the same answer: the button carries the question and the reading it was answered from.
        var shared = RoleBot.Rendering.FollowUpPayload.ReadValue((string?)share["value"])!;
        Assert.Equal("/compare devops sre", shared.Message);
        Assert.Equal("compare", shared.Reading!.Intent);
        Assert.Equal(["devops", "sre"], shared.Reading.Roles);
        Assert.False(string.IsNullOrWhiteSpace((string?)message["text"]));
    }

    [Theory]
    [InlineData("/role", "sre", "Site Reliability Engineer")]
    [InlineData("/interview", "cloud", "interview")]
    [InlineData("/roles", "", "Platform Engineer")]
    [InlineData("/fit", "", "Which role fits you")]
    [InlineData("/fit", "I love firefighting production outages", "Site Reliability Engineer")]
    [InlineData("/rolebot", "", "/compare")]
    [InlineData("/rolebot", "help", "/compare")]
    [InlineData("/rolebot", "who writes the runbooks?", "runbook")]
    [InlineData("/compare", "devops", "Usage: /compare")]
    [InlineData("/compare", "astronaut sre", "Usage: /compare")]
    [InlineData("/role", "astronaut", "Usage: /role")]
    [InlineData("/role", "👩‍💻🚀🔥", "Usage: /role")]
    [InlineData("/role", "\u0007\u001b\u0000\t", "Usage: /role")]
    public async Task Each_command_answers_or_explains_its_usage(string command, string text, string expected)
    {
        var response = await _client.SendAsync(SlackRequests.Command(command, text, _slack.ResponseUrl("r")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(expected, SlackRequests.AllText(message), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hostile_text_cut_off_mid_emoji_is_answered_on_every_endpoint()
    {
        // Events: a DM whose JSON ends its text with half a surrogate pair.
        var dm = SlackRequests.Event(SlackRequests.EventCallback(SlackRequests.DirectMessage("what is an error budget? CUT"), "Ev0CUT"));
        var events = await _client.SendAsync(await SlackRequests.EditedAsync(dm, body => body.Replace("CUT", "\\ud83d")));
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Contains("Error budget", SlackRequests.AllText(Assert.Single(await _slack.WaitForAsync("chat.postMessage")).Body));

        // Slash commands: a form field whose percent-encoded UTF-8 stops half-way through an emoji.
        var cut = SlackRequests.Command("/rolebot", "CUT what does an SRE do?", _slack.ResponseUrl("c"));
        var command = await _client.SendAsync(await SlackRequests.EditedAsync(cut, body => body.Replace("CUT", "%F0%9F")));
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        var answer = SlackRequests.AllText(await command.Content.ReadFromJsonAsync<JsonObject>());
        Assert.Contains("Site Reliability Engineer", answer);
        Assert.DoesNotContain("%F0", answer);
        var role = await _client.SendAsync(await SlackRequests.EditedAsync(SlackRequests.Command("/role", "CUT", _slack.ResponseUrl("c")), body => body.Replace("CUT", "%F0%9F")));
        Assert.Contains("Usage: /role", SlackRequests.AllText(await role.Content.ReadFromJsonAsync<JsonObject>()));

        // Interactivity: a button whose payload JSON (inside the form) carries a lone low surrogate.
        var press = SlackRequests.BlockActions("choice_0", "CUT what does a Site Reliability Engineer do?", _slack.ResponseUrl("cut"));
        var pressed = await _client.SendAsync(await SlackRequests.EditedAsync(press, body => body.Replace("CUT", Uri.EscapeDataString("\\udc00"))));
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        Assert.Contains("Site Reliability Engineer", SlackRequests.AllText(Assert.Single(await _slack.WaitForResponsesAsync(1)).Body));
    }

    [Fact]
    public async Task Hostile_text_is_repaired_only_after_the_signature_is_checked_on_the_bytes_as_sent()
    {
        // Signed as the repaired text would read, sent with the lone surrogate: not what was signed.
        var repaired = SlackRequests.Event(SlackRequests.EventCallback(SlackRequests.DirectMessage("what is toil? \uFFFD"), "Ev0RESIGN"));
        var sent = (await repaired.Content!.ReadAsStringAsync()).Replace("\\uFFFD", "\\ud83d");
        repaired.Content = new StringContent(sent, System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(repaired)).StatusCode);
        await Task.Delay(300);
        Assert.Empty(_slack.Calls);
    }

    [Fact]
    public async Task An_app_mention_is_answered_once_in_its_thread_even_when_Slack_retries()
    {
        var callback = SlackRequests.EventCallback(SlackRequests.AppMention("<@U0BOT> what does an SRE do?", ts: "1700000000.000100"), eventId: "Ev0MENTION");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(SlackRequests.Event(callback))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(SlackRequests.Event(callback, retry: 1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(SlackRequests.Event(callback, retry: 2))).StatusCode);

        var post = Assert.Single(await _slack.WaitForAsync("chat.postMessage"));
        await Task.Delay(300);
        Assert.Single(_slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal("Bearer xoxb-test-token", post.Authorization);
        Assert.Equal("C0GENERAL", (string?)post.Body["channel"]);
        Assert.Equal("1700000000.000100", (string?)post.Body["thread_ts"]);
        Assert.Contains("Site Reliability Engineer", SlackRequests.AllText(post.Body));
    }

    [Fact]
    public async Task A_mention_inside_a_thread_answers_in_that_thread()
    {
        var callback = SlackRequests.EventCallback(SlackRequests.AppMention("<@U0BOT> who owns the VPCs?", ts: "1700000005.000100", threadTs: "1700000000.000001"), eventId: "Ev0THREAD");
        await _client.SendAsync(SlackRequests.Event(callback));
        var post = Assert.Single(await _slack.WaitForAsync("chat.postMessage"));
        Assert.Equal("1700000000.000001", (string?)post.Body["thread_ts"]);
        Assert.Contains("Cloud", SlackRequests.AllText(post.Body));
    }

    [Fact]
    public async Task A_direct_message_is_answered_in_the_DM()
    {
        await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(SlackRequests.DirectMessage("what is an error budget?"), "Ev0DM")));
        var post = Assert.Single(await _slack.WaitForAsync("chat.postMessage"));
        Assert.Equal("D0DM", (string?)post.Body["channel"]);
        Assert.Null(post.Body["thread_ts"]);
        Assert.Contains("Error budget", SlackRequests.AllText(post.Body));
    }

    [Fact]
    public async Task The_bots_own_messages_other_bots_edits_and_subtypes_are_ignored()
    {
        var own = SlackRequests.DirectMessage("Site Reliability Engineer …", user: SlackRequests.BotUser);
        var otherBot = SlackRequests.DirectMessage("hello"); otherBot["bot_id"] = "B0OTHER";
        var edit = SlackRequests.DirectMessage("what is toil?"); edit["subtype"] = "message_changed";
        var join = SlackRequests.DirectMessage("joined"); join["subtype"] = "channel_join";
        var n = 0;
        foreach (var e in new[] { own, otherBot, edit, join })
            Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(e, $"Ev0IGNORE{n++}")))).StatusCode);
        // A real message afterwards proves the queue ran past the ignored ones.
        await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(SlackRequests.DirectMessage("what is toil?"), "Ev0REAL")));
        var post = Assert.Single(await _slack.WaitForAsync("chat.postMessage"));
        Assert.Contains("Toil", SlackRequests.AllText(post.Body));
    }

    [Fact]
    public async Task Follow_up_buttons_and_share_in_channel_answer_through_response_url()
    {
        var ask = await _client.SendAsync(SlackRequests.Command("/role", "sre", _slack.ResponseUrl("cmd")));
        var answer = (await ask.Content.ReadFromJsonAsync<JsonObject>())!;
        var followUp = Teams.Activities.Walk(answer).First(o => ((string?)o["action_id"])?.StartsWith("followup_") == true);

        var press = await _client.SendAsync(SlackRequests.BlockActions((string)followUp["action_id"]!, (string)followUp["value"]!, _slack.ResponseUrl("btn1")));
        Assert.Equal(HttpStatusCode.OK, press.StatusCode);
        var response = Assert.Single(await _slack.WaitForResponsesAsync(1));
        Assert.Equal("btn1", response.Method);
        Assert.Equal("ephemeral", (string?)response.Body["response_type"]);
        Assert.False((bool?)response.Body["replace_original"]);
        Assert.NotEqual(SlackRequests.AllText(answer), SlackRequests.AllText(response.Body));

        await _client.SendAsync(SlackRequests.BlockActions("share", "/role sre", _slack.ResponseUrl("share1")));
        var shared = (await _slack.WaitForResponsesAsync(2)).Single(r => r.Method == "share1");
        Assert.Equal("in_channel", (string?)shared.Body["response_type"]);
        Assert.Contains("Site Reliability Engineer", SlackRequests.AllText(shared.Body));
        Assert.DoesNotContain("share", Teams.Activities.Walk(shared.Body).Select(o => (string?)o["action_id"]));
    }

    [Fact]
    public async Task A_did_you_mean_choice_answers_the_chosen_question()
    {
        await _client.SendAsync(SlackRequests.BlockActions("choice_0", "what does a Site Reliability Engineer do?", _slack.ResponseUrl("choice")));
        var response = Assert.Single(await _slack.WaitForResponsesAsync(1));
        Assert.Contains("Site Reliability Engineer", SlackRequests.AllText(response.Body));
    }

    [Fact]
    public async Task New_members_of_an_onboarding_channel_get_a_personal_welcome()
    {
        JsonObject Joined(string channel, string user) => new()
        {
            ["type"] = "member_joined_channel", ["user"] = user, ["channel"] = channel, ["channel_type"] = "C", ["team"] = "T0TEAM", ["event_ts"] = "1700000009.0001",
        };
        await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(Joined("C0RANDOM", "U0BOB"), "Ev0J1")));
        await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(Joined("C0ONBOARD", SlackRequests.BotUser), "Ev0J2")));
        await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(Joined("C0NEWHIRES", "U0GRACE"), "Ev0J3")));

        var welcome = Assert.Single(await _slack.WaitForAsync("chat.postEphemeral"));
        await Task.Delay(300);
        Assert.Single(_slack.Calls, c => c.Method == "chat.postEphemeral");
        Assert.Equal("C0NEWHIRES", (string?)welcome.Body["channel"]);
        Assert.Equal("U0GRACE", (string?)welcome.Body["user"]);
        var text = SlackRequests.AllText(welcome.Body);
        Assert.Contains("<@U0GRACE>", text);
        Assert.Contains("Platform Engineer", text);
        // Our teams from knowledge/org.yaml, with their Slack channels (not the Teams ones).
        Assert.Contains("Developer Platform (Platform Engineers): #platform-help", text);
        Assert.DoesNotContain("Engineering > Platform", text);
    }

    [Fact]
    public async Task Opening_the_App_Home_publishes_the_home_view()
    {
        var opened = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0ADA", ["channel"] = "D0DM", ["tab"] = "home", ["event_ts"] = "1700000010.0001" };
        await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(opened, "Ev0HOME")));
        var publish = Assert.Single(await _slack.WaitForAsync("views.publish"));
        Assert.Equal("U0ADA", (string?)publish.Body["user_id"]);
        Assert.Equal("home", (string?)publish.Body["view"]!["type"]);
        var text = SlackRequests.AllText(publish.Body["view"]);
        Assert.Contains("I'm RoleBot", text);
        Assert.Contains("/compare", text);
        Assert.Contains("What does an SRE do?", text);
    }

    [Fact]
    public async Task Rate_limited_Web_API_calls_wait_for_Retry_After_and_retry()
    {
        _slack.RateLimitFirst["chat.postMessage"] = 1;
        var started = DateTime.UtcNow;
        await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(SlackRequests.DirectMessage("what is gitops?"), "Ev0RATE")));
        var post = Assert.Single(await _slack.WaitForAsync("chat.postMessage"));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1));
        Assert.Single(_slack.Calls, c => c.Method == "chat.postMessage (429)");
        Assert.Contains("GitOps", SlackRequests.AllText(post.Body));
    }

    public static TheoryData<string, string> Endpoints() => new()
    {
        { "/slack/events", "application/json" },
        { "/slack/commands", "application/x-www-form-urlencoded" },
        { "/slack/interactivity", "application/x-www-form-urlencoded" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Forged_stale_and_unsigned_requests_get_401_and_nothing_runs(string path, string contentType)
    {
        var body = path.EndsWith("events")
            ? SlackRequests.EventCallback(SlackRequests.DirectMessage("what is toil?"), "Ev0FORGED").ToJsonString()
            : path.EndsWith("commands") ? SlackRequests.Form(new() { ["command"] = "/role", ["text"] = "sre", ["user_id"] = "U0ADA", ["channel_id"] = "C0" })
            : SlackRequests.Form(new() { ["payload"] = "{\"type\":\"block_actions\",\"actions\":[]}" });

        var forged = SlackRequests.Signed(path, body, contentType, secret: "not-the-secret");
        var stale = SlackRequests.Signed(path, body, contentType, at: DateTimeOffset.UtcNow.AddMinutes(-6));
        var future = SlackRequests.Signed(path, body, contentType, at: DateTimeOffset.UtcNow.AddMinutes(6));
        var unsigned = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        var tampered = SlackRequests.Signed(path, body, contentType);
        tampered.Content = new StringContent(body + " ", System.Text.Encoding.UTF8, contentType);
        foreach (var request in new[] { forged, stale, future, unsigned, tampered })
            Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(request)).StatusCode);
        await Task.Delay(300);
        Assert.Empty(_slack.Calls);
    }

    [Theory]
    [InlineData("/slack/events", "{ not json", "application/json")]
    [InlineData("/slack/events", "[1,2]", "application/json")]
    [InlineData("/slack/events", "", "application/json")]
    [InlineData("/slack/commands", "%%%&&&===", "application/x-www-form-urlencoded")]
    [InlineData("/slack/commands", "text=hello", "application/x-www-form-urlencoded")]
    [InlineData("/slack/commands", "{\"command\":\"/role\"}", "application/json")]
    [InlineData("/slack/interactivity", "payload=%7Bnot-json", "application/x-www-form-urlencoded")]
    [InlineData("/slack/interactivity", "nopayload=1", "application/x-www-form-urlencoded")]
    public async Task Malformed_signed_bodies_get_400(string path, string body, string contentType)
    {
        var response = await _client.SendAsync(SlackRequests.Signed(path, body, contentType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        var body = SlackRequests.Form(new() { ["command"] = "/rolebot", ["text"] = new string('x', 100_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _client.SendAsync(SlackRequests.Signed("/slack/commands", body, "application/x-www-form-urlencoded"))).StatusCode);
    }

    [Fact]
    public async Task Slack_errors_are_survived_and_hostile_text_gets_a_polite_answer()
    {
        var gone = SlackRequests.DirectMessage("what is toil?"); gone["channel"] = "C_GONE";
        await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(gone, "Ev0GONE")));
        await _slack.WaitForAsync("chat.postMessage");
        foreach (var text in new[] { "C++ AND (", "<script>&amp;</script>", "\u0000", "" })
        {
            var response = await _client.SendAsync(SlackRequests.Command("/rolebot", text, _slack.ResponseUrl("h")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var all = SlackRequests.AllText(await response.Content.ReadFromJsonAsync<JsonObject>());
            Assert.NotEmpty(all);
            Assert.DoesNotContain("<script>", all);
        }
    }
}

public sealed class SlackDisabledTests
{
    [Fact]
    public async Task Without_a_signing_secret_the_Slack_endpoints_are_404_and_Teams_still_works()
    {
        await using var server = BotServer.Anonymous();
        var client = server.CreateClient();
        foreach (var path in new[] { "/slack/events", "/slack/commands", "/slack/interactivity" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(SlackRequests.Signed(path, "{}", "application/json"))).StatusCode);
        var teams = await client.PostAsync("/api/messages", Activities.Json(Activities.Message("what does an SRE do?", expectReplies: true)));
        Assert.Equal(HttpStatusCode.OK, teams.StatusCode);
    }
}
