using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RoleBot.Server.Bot;
using RoleBot.Server.Delivery;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// The one place where HTTP becomes turns and turns become HTTP for every Bot Framework channel
/// (Teams, Web Chat, Emulator, Agents Playground). A future Agents SDK adapter would replace this
/// class and nothing else.
/// </summary>
public sealed class BotFrameworkAdapter(
    ActivityRouter router,
    BotAuthenticator authenticator,
    OutboundQueues queues,
    ConnectorClient connector,
    Curation.QuestionLog questionLog,
    IOptions<BotOptions> options,
    ILogger<BotFrameworkAdapter> logger)
{
    public async Task<IResult> ProcessAsync(HttpContext http, CancellationToken ct)
    {
        // JSON only: a cross-site "simple" POST (text/plain, form) cannot reach the bot.
        if (!(http.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return Problem(415, "Content-Type must be application/json.");
        var body = await RequestBody.ReadAsync(http.Request, options.Value.MaxBodyBytes, ct);
        if (body is null) return Problem(413, "Request body too large.");

        Activity? activity;
        try
        {
            // A message cut off mid-emoji is still answered: broken text becomes U+FFFD first.
            activity = JsonSerializer.Deserialize<Activity>(Http.LenientJson.Repair(body), ActivityJson.Options);
        }
        catch (JsonException)
        {
            return Problem(400, "Malformed JSON.");
        }
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type)) return Problem(400, "Activity type is required.");

        var auth = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, activity, ct);
        if (!auth.Succeeded)
        {
            logger.LogInformation("Rejected activity: {Status} {Reason}", auth.Status, auth.Reason);
            return Problem(auth.Status, auth.Status == 403 ? "Forbidden." : "Unauthorized.");
        }

        var turn = new TurnContext(activity);
        if (activity.IsInvoke || activity.IsExpectReplies)
        {
            // Both must be answered in this response: an invoke's result, or the replies themselves.
            await RunAsync(turn, ct);
            if (activity.IsInvoke)
                return turn.InvokeResponse is { } result ? Results.Json(result, statusCode: 200)
                    : turn.InvokeAcknowledged ? Results.StatusCode(200) : Results.StatusCode(501);
            // The client knows these replies by the ids we give them: an answer's is its log id.
            foreach (var reply in turn.Replies) reply.Id ??= reply.AnswerId;
            // Written straight to the response (no intermediate JSON tree: cards are shared and large).
            return Results.Json(new ExpectedReplies(turn.Replies), ActivityJson.Options, statusCode: 200);
        }

        // Everything else is acknowledged at once; the answer follows through the connector, so a
        // slow turn can never hit the channel's 15-second timeout.
        // One queue per service URL: a slow connector region holds back only its own replies.
        var destination = Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var service) ? "connector:" + service.Authority : "connector:?";
        var ids = new DeliveryIds(activity.ChannelId ?? "botframework", activity.Conversation?.Id, activity.Id);
        if (!queues.TryEnqueue(destination, ids, ct => RunAndSendAsync(turn, ct))) return Problem(503, "Busy; try again.");
        return Results.StatusCode(202);
    }

    private async Task RunAndSendAsync(TurnContext turn, CancellationToken ct)
    {
        await RunAsync(turn, ct);
        foreach (var reply in turn.Replies)
            if (await connector.SendAsync(turn.Activity.ServiceUrl ?? "", reply, ct) is { } sent)
                questionLog.Sent(reply.AnswerId, Curation.LogConversations.Of(turn.Activity), sent);
    }

    /// <summary>Runs the routes; a failing handler is logged and answered politely, never a 500.</summary>
    internal async Task RunAsync(TurnContext turn, CancellationToken ct)
    {
        try
        {
            await router.RouteAsync(turn, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "Turn failed for activity type {Type}", turn.Activity.Type);
            if (turn.Activity.IsInvoke)
                turn.InvokeResponse = InvokeResults.Error(500, "RoleBot hit a problem answering that.");
            else if (string.Equals(turn.Activity.Type, ActivityTypes.Message, StringComparison.OrdinalIgnoreCase))
            {
                var sorry = turn.Activity.CreateReply();
                sorry.Text = "Sorry, something went wrong on my side. Please try again.";
                turn.Send(sorry);
            }
        }
    }

    private static IResult Problem(int status, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = status.ToString(), ["message"] = message } }, statusCode: status);
}

/// <summary>The body of an expectReplies response: <c>{"activities": [...]}</c>.</summary>
public sealed record ExpectedReplies([property: System.Text.Json.Serialization.JsonPropertyName("activities")] IReadOnlyList<Activity> Activities);

/// <summary>Invoke response bodies for <c>adaptiveCard/action</c> (Universal Actions).</summary>
public static class InvokeResults
{
    public static JsonObject Card(JsonObject card) => new()
    {
        ["statusCode"] = 200,
        ["type"] = RoleBot.Rendering.AdaptiveCardRenderer.ContentType,
        ["value"] = card,
    };

    public static JsonObject Error(int status, string message) => new()
    {
        ["statusCode"] = status,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = status == 400 ? "BadRequest" : "InternalError", ["message"] = message },
    };
}
