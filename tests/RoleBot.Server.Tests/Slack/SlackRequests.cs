using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RoleBot.Server.Channels.Slack;

namespace RoleBot.Server.Tests.Slack;

/// <summary>Requests in the shapes Slack sends, signed the way Slack signs them.</summary>
public static class SlackRequests
{
    public const string SigningSecret = "test-signing-secret-0123456789abcdef";

    /// <summary>A server's settings for Slack pointed at <paramref name="slack"/>, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> ServerSettings(FakeSlack slack, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SLACK_SIGNING_SECRET"] = SigningSecret,
            ["SLACK_BOT_TOKEN"] = "xoxb-test-token",
            ["SLACK_API_URL"] = slack.ApiUrl,
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }
    public const string BotUser = "U0BOT";

    public static HttpRequestMessage Signed(string path, string body, string contentType, DateTimeOffset? at = null, string? secret = null, int? retry = null) =>
        Signed(path, Encoding.UTF8.GetBytes(body), contentType, at, secret, retry);

    /// <summary>The same for a body of any bytes (not necessarily UTF-8).</summary>
    public static HttpRequestMessage Signed(string path, byte[] body, string contentType, DateTimeOffset? at = null, string? secret = null, int? retry = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(secret ?? SigningSecret, timestamp, body));
        if (retry is not null)
        {
            request.Headers.Add("X-Slack-Retry-Num", retry.ToString());
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }
        return request;
    }

    /// <summary>
    /// <paramref name="request"/> with its body edited and signed again: for bytes no serializer would
    /// write, such as an escape that is half an emoji.
    /// </summary>
    public static async Task<HttpRequestMessage> EditedAsync(HttpRequestMessage request, Func<string, string> edit) =>
        Signed(request.RequestUri!.OriginalString, edit(await request.Content!.ReadAsStringAsync()), request.Content.Headers.ContentType!.MediaType!);

    public static HttpRequestMessage Command(string command, string text, string responseUrl, string channel = "C0GENERAL") =>
        Signed("/slack/commands", Form(new()
        {
            ["token"] = "deprecated-verification-token", ["team_id"] = "T0TEAM", ["team_domain"] = "acme",
            ["channel_id"] = channel, ["channel_name"] = "general", ["user_id"] = "U0ADA", ["user_name"] = "ada",
            ["command"] = command, ["text"] = text, ["api_app_id"] = "A0APP", ["is_enterprise_install"] = "false",
            ["response_url"] = responseUrl, ["trigger_id"] = "13345224609.738474920.8088930838d88f008e0",
        }), "application/x-www-form-urlencoded");

    public static JsonObject EventCallback(JsonObject e, string eventId = "Ev0001") => new()
    {
        ["token"] = "deprecated", ["team_id"] = "T0TEAM", ["api_app_id"] = "A0APP", ["type"] = "event_callback",
        ["event_id"] = eventId, ["event_time"] = 1700000000,
        ["authorizations"] = new JsonArray { new JsonObject { ["enterprise_id"] = null, ["team_id"] = "T0TEAM", ["user_id"] = BotUser, ["is_bot"] = true } },
        ["event_context"] = "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
        ["event"] = e,
    };

    public static JsonObject AppMention(string text, string ts = "1700000000.000100", string? threadTs = null)
    {
        var e = new JsonObject
        {
            ["type"] = "app_mention", ["user"] = "U0ADA", ["text"] = text, ["ts"] = ts, ["channel"] = "C0GENERAL",
            ["event_ts"] = ts, ["client_msg_id"] = Guid.NewGuid().ToString(),
            ["blocks"] = new JsonArray { new JsonObject { ["type"] = "rich_text", ["block_id"] = "x" } },
        };
        if (threadTs is not null) e["thread_ts"] = threadTs;
        return e;
    }

    public static JsonObject DirectMessage(string text, string user = "U0ADA") => new()
    {
        ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D0DM", ["user"] = user, ["text"] = text,
        ["ts"] = "1700000001.000100", ["event_ts"] = "1700000001.000100",
    };

    public static HttpRequestMessage Event(JsonObject callback, int? retry = null) =>
        Signed("/slack/events", callback.ToJsonString(), "application/json", retry: retry);

    public static HttpRequestMessage BlockActions(string actionId, string value, string responseUrl, bool ephemeral = true) =>
        BlockActions(new JsonObject { ["type"] = "button", ["action_id"] = actionId, ["block_id"] = "b1", ["value"] = value, ["action_ts"] = "1700000002.1" }, responseUrl, ephemeral);

    /// <summary>A block_actions payload carrying <paramref name="action"/> (a button, feedback_buttons, a dispatched input).</summary>
    public static HttpRequestMessage BlockActions(JsonObject action, string responseUrl, bool ephemeral = true, string messageTs = "1700000000.000100") =>
        Signed("/slack/interactivity", Form(new()
        {
            ["payload"] = new JsonObject
            {
                ["type"] = "block_actions", ["trigger_id"] = "1.2.3",
                ["user"] = new JsonObject { ["id"] = "U0ADA", ["username"] = "ada", ["team_id"] = "T0TEAM" },
                ["api_app_id"] = "A0APP", ["team"] = new JsonObject { ["id"] = "T0TEAM", ["domain"] = "acme" },
                ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = "C0GENERAL", ["is_ephemeral"] = ephemeral },
                ["channel"] = new JsonObject { ["id"] = "C0GENERAL", ["name"] = "general" },
                ["response_url"] = responseUrl,
                ["actions"] = new JsonArray { action },
            }.ToJsonString(),
        }), "application/x-www-form-urlencoded");

    public static string Form(Dictionary<string, string> fields) =>
        string.Join("&", fields.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));

    /// <summary>Every text in a Block Kit message (section text, fields, header, context, buttons).</summary>
    public static string AllText(JsonNode? message) =>
        string.Join("\n", Teams.Activities.Walk(message).Select(o => o["text"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>());
}
