using System.Net;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Slack;

/// <summary>
/// When answering fails (here: the knowledge cannot be loaded), the person on Slack hears so,
/// briefly and only to them, and the log line carries the ids needed to find it; never silence.
/// </summary>
public sealed class SlackErrorTests
{
    [Fact]
    public async Task A_failed_event_button_and_command_each_tell_the_person_and_log_with_ids()
    {
        await using var slack = await FakeSlack.StartAsync();
        using var server = BotServer.Anonymous(SlackRequests.ServerSettings(slack,
            ("Knowledge:Path", Path.Combine(Path.GetTempPath(), "rolebot-no-such-knowledge-" + Guid.NewGuid().ToString("n")))));
        var client = server.CreateClient();

        // An @mention: acknowledged at once, then an ephemeral apology to the person who asked.
        var mention = SlackRequests.EventCallback(SlackRequests.AppMention("<@U0BOT> what does an SRE do?"), "Ev0BROKEN");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SlackRequests.Event(mention))).StatusCode);
        var ephemeral = (await slack.WaitForAsync("chat.postEphemeral", timeout: TimeSpan.FromSeconds(30)))[0];
        Assert.Contains("Sorry", (string?)ephemeral.Body["text"]);
        Assert.Equal("U0ADA", (string?)ephemeral.Body["user"]);
        var line = await server.Logs.WaitForAsync(TimeSpan.FromSeconds(5), "Slack failure", "event app_mention", "Ev0BROKEN");
        Assert.Contains("user U0ADA", line);

        // A follow-up button: the apology goes back through its response_url.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SlackRequests.BlockActions("followup_0", "/role sre", slack.ResponseUrl("broken")))).StatusCode);
        var response = (await slack.WaitForResponsesAsync(1))[0];
        Assert.Contains("Sorry", (string?)response.Body["text"]);
        await server.Logs.WaitForAsync(TimeSpan.FromSeconds(5), "Slack failure", "button followup_0");

        // A slash command: the apology is the command's own (ephemeral) answer.
        var command = await client.SendAsync(SlackRequests.Command("/role", "sre", slack.ResponseUrl("c")));
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Contains("Sorry", await command.Content.ReadAsStringAsync());
    }
}
