using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RoleBot.Server.Bot;
using RoleBot.Server.Http;

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
        // Parsed from a repaired copy (broken text → U+FFFD); the signature was checked on the bytes as sent.
        try { payload = JsonNode.Parse(LenientJson.Repair(body.Bytes)) as JsonObject; }
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
        try { payload = JsonNode.Parse(LenientJson.Repair(json)) as JsonObject; }
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

    /// <summary>
    /// A form body's fields (the first of a repeated name wins), or null when it is not a form. Text
    /// cut off mid-character (<c>%F0%9F</c>, or raw bytes that are not UTF-8) becomes U+FFFD rather
    /// than being refused or echoed back as percent signs.
    /// </summary>
    private static Dictionary<string, string>? ParseForm(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        if (text.Length == 0 || text.TrimStart().StartsWith('{')) return null;
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
            form.TryAdd(name, equals < 0 ? "" : WebUtility.UrlDecode(pair[(equals + 1)..]));
        }
        return form;
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
