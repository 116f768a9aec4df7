using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RoleBot.Server.Delivery;

namespace RoleBot.Server.Channels.Slack;

/// <summary>
/// The few Slack Web API methods RoleBot needs, over HttpClient: chat.postMessage,
/// chat.postEphemeral, views.publish, apps.connections.open, and posting to a response_url.
/// Slack answers HTTP 200 with <c>{"ok": false, "error": …}</c> on failure, so "ok" is what is
/// checked; timeouts, connection errors, 429 (after Retry-After) and 5xx are retried by
/// <see cref="RetryingSender"/> until the reply's deadline.
/// </summary>
public sealed class SlackWebApi(HttpClient http, IOptions<SlackOptions> options, RetryingSender sender, ILogger<SlackWebApi> logger)
{

    public Task<JsonObject?> PostMessageAsync(string channel, JsonObject message, string? threadTs, CancellationToken ct)
    {
        var body = Clone(message);
        body["channel"] = channel;
        if (threadTs is not null) body["thread_ts"] = threadTs;
        body["unfurl_links"] = false;
        return CallAsync("chat.postMessage", body, options.Value.BotToken, ct);
    }

    public Task<JsonObject?> PostEphemeralAsync(string channel, string user, JsonObject message, CancellationToken ct)
    {
        var body = Clone(message);
        body["channel"] = channel;
        body["user"] = user;
        return CallAsync("chat.postEphemeral", body, options.Value.BotToken, ct);
    }

    public Task<JsonObject?> PublishHomeAsync(string userId, JsonObject view, CancellationToken ct) =>
        CallAsync("views.publish", new JsonObject { ["user_id"] = userId, ["view"] = Clone(view) }, options.Value.BotToken, ct);

    /// <summary>Socket Mode: a fresh WebSocket URL, authenticated with the app-level token.</summary>
    public async Task<string?> OpenConnectionAsync(CancellationToken ct) =>
        (string?)(await CallAsync("apps.connections.open", new JsonObject(), options.Value.AppToken, ct))?["url"];

    /// <summary>Posts to an interaction's response_url (valid 30 minutes, 5 uses). Only Slack's hosts.</summary>
    public async Task<bool> RespondAsync(string responseUrl, JsonObject message, CancellationToken ct)
    {
        if (!IsSlackResponseUrl(responseUrl))
        {
            logger.LogWarning("Refusing to post to a response_url outside Slack");
            return false;
        }
        using var response = await sender.SendAsync(http, "slack", new DeliveryIds("slack", null, "response_url"),
            (_, _) => Task.FromResult(Json(HttpMethod.Post, responseUrl, message, token: null)), ct);
        if (response is null || !response.IsSuccessStatusCode)
        {
            logger.LogWarning("response_url post failed with {Status}", (int?)response?.StatusCode);
            return false;
        }
        return true;
    }

    /// <summary>hooks.slack.com in production; the configured API host when tests point SLACK_API_URL at a fake Slack.</summary>
    internal bool IsSlackResponseUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) &&
        ((u.Scheme == "https" && (u.Host == "hooks.slack.com" || u.Host.EndsWith(".slack.com"))) ||
         (Uri.TryCreate(options.Value.ApiUrl, UriKind.Absolute, out var api) && u.Host == api.Host && u.Port == api.Port));

    private async Task<JsonObject?> CallAsync(string method, JsonObject body, string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            logger.LogWarning("Slack {Method} skipped: no token configured", method);
            return null;
        }
        var channel = (string?)body["channel"] ?? (string?)body["user_id"];
        var ids = new DeliveryIds("slack", (string?)body["thread_ts"] is { } thread ? $"{channel}/{thread}" : channel, method);
        using var response = await sender.SendAsync(http, "slack", ids, (_, _) => Task.FromResult(Json(HttpMethod.Post, options.Value.ApiUrl + method, body, token)), ct);
        if (response is null) return null;
        JsonObject? result = null;
        try { result = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject; }
        catch (System.Text.Json.JsonException) { }
        if (result is null || (bool?)result["ok"] != true)
        {
            // The method and Slack's error code say what went wrong; the token and message never get logged.
            logger.LogWarning("Slack {Method} failed: {Error}", method, (string?)result?["error"] ?? $"HTTP {(int)response.StatusCode}");
            return null;
        }
        return result;
    }

    private static HttpRequestMessage Json(HttpMethod method, string url, JsonObject body, string? token)
    {
        var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static JsonObject Clone(JsonObject o) => (JsonObject)o.DeepClone();
}
