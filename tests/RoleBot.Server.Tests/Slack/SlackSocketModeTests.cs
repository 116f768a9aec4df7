using System.Text.Json.Nodes;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Slack;

/// <summary>
/// Socket Mode against a local fake Slack: RoleBot opens the connection with its app-level token,
/// acknowledges every envelope, answers through the same listeners as HTTP, and reconnects when told.
/// </summary>
public sealed class SlackSocketModeTests : IAsyncLifetime
{
    private FakeSlack _slack = null!;
    private BotServer _server = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _server = new BotServer("Development", new Dictionary<string, string?>
        {
            ["SLACK_SIGNING_SECRET"] = SlackRequests.SigningSecret,
            ["SLACK_BOT_TOKEN"] = "xoxb-test-token",
            ["SLACK_APP_TOKEN"] = "xapp-1-test-token",
            ["SLACK_API_URL"] = _slack.ApiUrl,
        });
        _server.CreateClient(); // starts the host, and with it the Socket Mode connection
        await _slack.WaitForSocketAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task The_connection_is_opened_with_the_app_level_token()
    {
        var open = Assert.Single(await _slack.WaitForAsync("apps.connections.open"));
        Assert.Equal("Bearer xapp-1-test-token", open.Authorization);
    }

    [Fact]
    public async Task Events_are_acknowledged_and_answered_in_the_thread()
    {
        await _slack.SendAsync(new JsonObject
        {
            ["envelope_id"] = "env-1",
            ["type"] = "events_api",
            ["accepts_response_payload"] = false,
            ["payload"] = SlackRequests.EventCallback(SlackRequests.AppMention("<@U0BOT> what is an SLO?", ts: "1700000100.000100"), "Ev0SOCKET"),
        });
        await _slack.WaitForSocketMessageAsync(m => m.Contains("\"envelope_id\":\"env-1\""));
        var post = Assert.Single(await _slack.WaitForAsync("chat.postMessage"));
        Assert.Equal("1700000100.000100", (string?)post.Body["thread_ts"]);
        Assert.Contains("SLO", SlackRequests.AllText(post.Body));
    }

    [Fact]
    public async Task A_slash_command_is_answered_in_the_acknowledgement()
    {
        await _slack.SendAsync(new JsonObject
        {
            ["envelope_id"] = "env-2",
            ["type"] = "slash_commands",
            ["accepts_response_payload"] = true,
            ["payload"] = new JsonObject
            {
                ["command"] = "/compare", ["text"] = "devops sre", ["user_id"] = "U0ADA", ["channel_id"] = "C0GENERAL",
                ["response_url"] = _slack.ResponseUrl("sock"), ["team_id"] = "T0TEAM",
            },
        });
        var ack = JsonNode.Parse(await _slack.WaitForSocketMessageAsync(m => m.Contains("env-2")))!;
        Assert.Equal("ephemeral", (string?)ack["payload"]!["response_type"]);
        Assert.Contains("DevOps vs SRE", SlackRequests.AllText(ack["payload"]));
    }

    [Fact]
    public async Task Button_presses_arrive_as_interactive_envelopes()
    {
        await _slack.SendAsync(new JsonObject
        {
            ["envelope_id"] = "env-3",
            ["type"] = "interactive",
            ["payload"] = new JsonObject
            {
                ["type"] = "block_actions",
                ["user"] = new JsonObject { ["id"] = "U0ADA" },
                ["container"] = new JsonObject { ["is_ephemeral"] = true, ["channel_id"] = "C0GENERAL" },
                ["response_url"] = _slack.ResponseUrl("sock-btn"),
                ["actions"] = new JsonArray { new JsonObject { ["action_id"] = "followup_0", ["value"] = "/interview sre", ["type"] = "button" } },
            },
        });
        await _slack.WaitForSocketMessageAsync(m => m.Contains("env-3"));
        var response = Assert.Single(await _slack.WaitForResponsesAsync(1));
        Assert.Contains("interview", SlackRequests.AllText(response.Body), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hostile_text_cut_off_mid_emoji_is_answered_and_keeps_the_connection()
    {
        var envelope = new JsonObject
        {
            ["envelope_id"] = "env-cut",
            ["type"] = "events_api",
            ["payload"] = SlackRequests.EventCallback(SlackRequests.DirectMessage("what is an SLO? CUT"), "Ev0SOCKETCUT"),
        };
        await _slack.SendRawAsync(envelope.ToJsonString().Replace("CUT", "\\ud83d"));

        await _slack.WaitForSocketMessageAsync(m => m.Contains("\"envelope_id\":\"env-cut\""));
        Assert.Contains("SLO", SlackRequests.AllText(Assert.Single(await _slack.WaitForAsync("chat.postMessage")).Body));
        Assert.Equal(1, _slack.ConnectionsOpened);
    }

    [Fact]
    public async Task A_disconnect_message_makes_RoleBot_reconnect()
    {
        await _slack.SendAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = "refresh_requested" });
        await _slack.WaitForAsync("apps.connections.open", count: 2);
        await _slack.WaitForSocketAsync();
        Assert.True(_slack.ConnectionsOpened >= 2);
    }
}
