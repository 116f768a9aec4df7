using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using RoleBot.Server.Tests.Slack;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Fuzz;

/// <summary>
/// Thousands of malformed Bot Framework activities and Slack requests against one server with
/// both channels on. Whatever arrives, a channel must never see a 5xx other than 503 (busy, try
/// again), and the bot must still answer ordinary questions afterwards. The seed is fixed so a
/// failure names the item that reproduces it; ROLEBOT_FUZZ_SEED tries another.
/// </summary>
public sealed class ChannelFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int DefaultSeed = 20261123;
    private const int MaxItems = 5000;
    private const int MinItems = 100;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    private FakeSlack _slack = null!;
    private BotServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _server = new BotServer("Development", SlackRequests.ServerSettings(_slack));
        _client = _server.CreateClient();
        // The engine loads in the background; the fuzzing budget starts once it answers.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((await _client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(100);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Hostile_fuzzed_channel_requests_never_get_a_5xx_and_the_bot_still_answers()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ROLEBOT_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var fuzzer = new ChannelFuzzer(seed, await InteractionPayloadsAsync());
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        var sent = 0;
        for (; sent < MaxItems && watch.Elapsed < Budget; sent++)
        {
            var item = fuzzer.Next();
            int status;
            try
            {
                using var response = await _client.SendAsync(item.Request);
                status = (int)response.StatusCode;
            }
            catch (Exception) when (item.ClientMayFail)
            {
                continue; // the client refused to send a body that contradicts its own Content-Length
            }
            catch (Exception e)
            {
                failures.Add($"{item.Describe()}\n   threw {e.GetType().Name}: {e.Message}");
                continue;
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 && !Expected(item, status)) failures.Add($"{item.Describe()}\n   answered {status}");
        }

        var summary = $"seed {seed}: {sent} items in {watch.Elapsed.TotalSeconds:0.0} s; statuses {string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}"))}";
        output.WriteLine(summary);
        foreach (var line in _server.Logs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Take(30)) output.WriteLine($"{line.Level} {line.Category}: {line.Message}");
        Assert.True(failures.Count == 0, $"{summary}\n{failures.Count} failed; the first:\n{string.Join("\n", failures.Take(10))}");
        Assert.True(sent >= MinItems, $"only {summary}");
        await StillAnswersAsync();
    }

    /// <summary>
    /// The two 5xx a channel is meant to see: 503 (a full queue: retry later), and 501 for an invoke
    /// no handler answers, as botbuilder does (shared/docs/botframework-protocol.md).
    /// </summary>
    private static bool Expected(FuzzItem item, int status) =>
        status == 503 || status == 501 && item.Kind.StartsWith("botframework/", StringComparison.Ordinal) && IsInvoke(item.Body);

    private static bool IsInvoke(byte[] body)
    {
        try
        {
            return JsonNode.Parse(RoleBot.Server.Http.LenientJson.Repair(body)) is JsonObject o
                   && o["type"] is JsonValue v && v.TryGetValue<string>(out var type) && string.Equals(type, "invoke", StringComparison.OrdinalIgnoreCase);
        }
        catch (System.Text.Json.JsonException) { return false; }
    }

    /// <summary>After all that: a Teams question, a slash command and a Slack DM are answered as usual.</summary>
    private async Task StillAnswersAsync()
    {
        var teams = await _client.PostAsync("/api/messages", Activities.Json(Activities.Message("what does an SRE do?", expectReplies: true)));
        Assert.Equal(HttpStatusCode.OK, teams.StatusCode);
        Assert.Contains("Site Reliability Engineer", Activities.CardText(Activities.Card((await teams.ReadObjectAsync())["activities"]![0])));

        var command = await _client.SendAsync(SlackRequests.Command("/role", "sre", _slack.ResponseUrl("after")));
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Contains("Site Reliability Engineer", SlackRequests.AllText(await command.Content.ReadFromJsonAsync<JsonObject>()));

        var dm = SlackRequests.DirectMessage("what is toil?");
        dm["channel"] = "D0AFTERFUZZ";
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(SlackRequests.Event(SlackRequests.EventCallback(dm, "Ev0AFTERFUZZ")))).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        SlackCall? answer;
        while ((answer = _slack.Calls.FirstOrDefault(c => c.Method == "chat.postMessage" && (string?)c.Body["channel"] == "D0AFTERFUZZ")) is null && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.True(answer is not null, "the Slack DM sent after the fuzzing was never answered");
        Assert.Contains("Toil", SlackRequests.AllText(answer.Body));
    }

    /// <summary>Button payloads in the shapes Slack sends, taken from the requests SlackRequests builds.</summary>
    private async Task<List<JsonObject>> InteractionPayloadsAsync()
    {
        var payloads = new List<JsonObject>();
        foreach (var (action, value) in new[] { ("followup_0", "/interview sre"), ("choice_0", "what does an SRE do?"), ("share", "/role sre"), ("nothing", "") })
        {
            var form = await SlackRequests.BlockActions(action, value, _slack.ResponseUrl("fuzz")).Content!.ReadAsStringAsync();
            payloads.Add(JsonNode.Parse(Uri.UnescapeDataString(form["payload=".Length..]))!.AsObject());
        }
        return payloads;
    }
}
