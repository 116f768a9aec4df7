using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using RoleBot.Server.Bot;

using RoleBot.Server.Delivery;

namespace RoleBot.Server.Channels.Slack;

/// <summary>
/// The HTTP receiver: /slack/events, /slack/commands, /slack/interactivity. Every request's signature
/// is checked on the raw bytes before anything parses them; a forged, missing or stale signature is
/// 401 and nothing else runs. Events and button presses are acknowledged at once and handled in the
/// background; slash commands are answered in the response (the engine answers in about a
/// millisecond, well inside Slack's 3 seconds).
/// </summary>
public sealed class SlackEndpoints(SlackApp app, SlackInbox inbox, IOptions<SlackOptions> options, TimeProvider clock, ILogger<SlackEndpoints> logger)
{
    public async Task<IResult> EventsAsync(HttpContext http, CancellationToken ct)
    {
        var body = await VerifiedBodyAsync(http, ct);
        if (body.Error is not null) return body.Error;
        JsonObject? payload;
        try { payload = JsonNode.Parse(body.Bytes) as JsonObject; }
        catch (JsonException) { return Results.BadRequest(new { error = "malformed JSON" }); }
        if (payload is null) return Results.BadRequest(new { error = "expected a JSON object" });

        switch (SlackApp.Str(payload, "type"))
        {
            case "url_verification":
                return SlackApp.Str(payload, "challenge") is { } challenge
                    ? Results.Json(new { challenge })
                    : Results.BadRequest(new { error = "no challenge" });
            case "event_callback":
                if (http.Request.Headers.TryGetValue("X-Slack-Retry-Num", out var retry))
                    logger.LogInformation("Slack retry {Retry} ({Reason})", retry.ToString(), http.Request.Headers["X-Slack-Retry-Reason"].ToString());
                return inbox.AcceptEvent(payload) ? Results.Ok() : Results.StatusCode(503);
            default:
                return Results.Ok();
        }
    }

    public async Task<IResult> CommandsAsync(HttpContext http, CancellationToken ct)
    {
        var body = await VerifiedBodyAsync(http, ct);
        if (body.Error is not null) return body.Error;
        var form = ParseForm(body.Bytes);
        if (form is null || !form.TryGetValue("command", out var command) || !command.StartsWith('/'))
            return Results.BadRequest(new { error = "not a slash command" });
        return Results.Json(await app.AnswerCommandAsync(SlackCommand.From(form.GetValueOrDefault), ct));
    }

    public async Task<IResult> InteractivityAsync(HttpContext http, CancellationToken ct)
    {
        var body = await VerifiedBodyAsync(http, ct);
        if (body.Error is not null) return body.Error;
        var form = ParseForm(body.Bytes);
        if (form?.GetValueOrDefault("payload") is not { } json) return Results.BadRequest(new { error = "no payload" });
        JsonObject? payload;
        try { payload = JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { return Results.BadRequest(new { error = "malformed payload" }); }
        if (payload is null) return Results.BadRequest(new { error = "malformed payload" });
        return inbox.AcceptInteraction(payload) ? Results.Ok() : Results.StatusCode(503);
    }

    private async Task<(byte[] Bytes, IResult? Error)> VerifiedBodyAsync(HttpContext http, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled) return ([], Results.NotFound());
        if (await RequestBody.ReadAsync(http.Request, o.MaxBodyBytes, ct) is not { } bytes) return ([], Results.StatusCode(413));
        var valid = SlackSignature.IsValid(o.SigningSecret!, http.Request.Headers["X-Slack-Request-Timestamp"].ToString(),
            http.Request.Headers["X-Slack-Signature"].ToString(), bytes, clock.GetUtcNow(), o.MaxClockSkew);
        if (!valid)
        {
            logger.LogInformation("Rejected a Slack request with a missing, forged or stale signature");
            return ([], Results.Json(new { error = "invalid signature" }, statusCode: 401));
        }
        return (bytes, null);
    }

    private static Dictionary<string, string>? ParseForm(byte[] body)
    {
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body); }
        catch (DecoderFallbackException) { return null; }
        if (text.Length == 0 || text.TrimStart().StartsWith('{')) return null;
        try
        {
            return QueryHelpers.ParseQuery(text).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or FormatException) { return null; }
    }
}

/// <summary>
/// Where events and interactions wait for the background: de-duplicated by event id (Slack retries
/// after 3 seconds, and may deliver twice), then queued.
/// </summary>
public sealed class SlackInbox(SlackApp app, OutboundQueues queues, IDeduplicator dedupe, RoleBotMetrics metrics, ILogger<SlackInbox> logger)
{
    /// <summary>False only when the queue is full (the caller answers 503 so Slack retries later).</summary>
    public bool AcceptEvent(JsonObject callback)
    {
        var id = SlackApp.Str(callback, "event_id");
        if (id is not null && !dedupe.FirstTime(id))
        {
            logger.LogInformation("Duplicate Slack event {EventId} ignored", id);
            metrics.DuplicatesIgnored.Add(1, new KeyValuePair<string, object?>("kind", "event"));
            return true;
        }
        var ids = new DeliveryIds("slack", SlackApp.Str(callback["event"] as JsonObject, "channel"), id);
        if (queues.TryEnqueue("slack", ids, ct => app.HandleEventAsync(callback, ct))) return true;
        if (id is not null) dedupe.Forget(id);
        return false;
    }

    public bool AcceptInteraction(JsonObject payload) =>
        queues.TryEnqueue("slack", new DeliveryIds("slack", SlackApp.Str(payload["channel"] as JsonObject, "id"), SlackApp.Str(payload, "trigger_id")),
            ct => app.HandleInteractionAsync(payload, ct));
}
