using System.Text.Json.Nodes;

namespace RoleBot.Server.Channels.Slack;

/// <summary>A slash command as Slack sends it (form fields over HTTP, a JSON object in Socket Mode).</summary>
public sealed record SlackCommand(string Command, string Text, string UserId, string ChannelId, string? ResponseUrl, string? TeamId)
{
    /// <summary>The command from its fields, whichever receiver got them.</summary>
    public static SlackCommand From(Func<string, string?> field) =>
        new(field("command") ?? "", field("text") ?? "", field("user_id") ?? "", field("channel_id") ?? "", field("response_url"), field("team_id"));
}

/// <summary>Where a failure happened, for the log line and for telling the person: ids only.</summary>
public sealed record SlackFailure(string What, string? Channel, string? User, string? ResponseUrl, string? ThreadTs, string? Id)
{
    public override string ToString() => $"{What} (channel {Channel ?? "-"}, user {User ?? "-"}, id {Id ?? "-"})";
}

public delegate Task SlackErrorHandler(Exception error, SlackFailure failure, CancellationToken ct);

/// <summary>An event from an event_callback, with the bot's own user id from its authorizations.</summary>
public sealed record SlackEvent(string Type, JsonObject Body, string? BotUserId, string? EventId);

/// <summary>One button press (or a dispatched input) from a block_actions payload.</summary>
public sealed record SlackAction(string ActionId, string? Value, JsonObject Payload, string? BlockId = null)
{
    public string? ResponseUrl => SlackApp.Str(Payload, "response_url");
    public string? UserId => SlackApp.Str(Payload["user"] as JsonObject, "id");
    public string? ChannelId => SlackApp.Str(Payload["channel"] as JsonObject, "id") ?? SlackApp.Str(Payload["container"] as JsonObject, "channel_id");
    public bool FromEphemeral => (Payload["container"] as JsonObject)?["is_ephemeral"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}

public delegate Task<JsonObject> SlackCommandHandler(SlackCommand command, CancellationToken ct);
public delegate Task SlackEventHandler(SlackEvent e, CancellationToken ct);
public delegate Task SlackActionHandler(SlackAction action, CancellationToken ct);

/// <summary>
/// The Slack listener table, in the manner of Bolt's <c>app.command(...)</c>, <c>app.event(...)</c>
/// and <c>app.action(...)</c>: reading the registrations tells you what the bot does on Slack. The
/// HTTP endpoints and Socket Mode both feed it, so the two receivers behave identically.
/// </summary>
public sealed class SlackApp
{
    private readonly Dictionary<string, SlackCommandHandler> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SlackEventHandler> _events = new(StringComparer.Ordinal);
    private readonly List<(string Prefix, SlackActionHandler Handler)> _actions = [];
    private SlackErrorHandler? _onError;
    private readonly ILogger _logger;

    public SlackApp(ILogger<SlackApp>? logger = null) => _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<SlackApp>.Instance;

    public IEnumerable<string> Commands => _commands.Keys;
    public IEnumerable<string> Events => _events.Keys;

    public SlackApp Command(string name, SlackCommandHandler handler) { _commands[name] = handler; return this; }

    /// <summary>An event type; "message.im" is a message in a direct message with the bot.</summary>
    public SlackApp Event(string type, SlackEventHandler handler) { _events[type] = handler; return this; }

    /// <summary>Buttons whose action_id is <paramref name="actionId"/> or starts with it followed by "_".</summary>
    public SlackApp Action(string actionId, SlackActionHandler handler) { _actions.Add((actionId, handler)); return this; }

    /// <summary>Like Bolt's <c>app.error</c>: a failed event or button press is logged here, with ids, and this tells the person.</summary>
    public SlackApp Error(SlackErrorHandler handler) { _onError = handler; return this; }

    /// <summary>
    /// The reply to a slash command, from either receiver: the handler's answer, a short note for a
    /// command we don't handle, or an apology when the handler fails (logged with ids).
    /// </summary>
    public async Task<JsonObject> AnswerCommandAsync(SlackCommand command, CancellationToken ct)
    {
        if (!_commands.TryGetValue(command.Command, out var handler))
            return Ephemeral($"RoleBot doesn't handle {command.Command}. Try /rolebot help.");
        try
        {
            return await handler(command, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _logger.LogError(e, "Slack failure: {Failure}", new SlackFailure("command " + command.Command, command.ChannelId, command.UserId, command.ResponseUrl, null, command.TeamId));
            return Ephemeral("Sorry, RoleBot hit a problem answering that. Please try again in a moment.");
        }
    }

    private static JsonObject Ephemeral(string text) => new() { ["response_type"] = "ephemeral", ["text"] = text };

    private async Task FailedAsync(Exception e, SlackFailure failure, CancellationToken ct)
    {
        _logger.LogError(e, "Slack failure: {Failure}", failure);
        if (_onError is null) return;
        try { await _onError(e, failure, ct); }
        catch (Exception again) when (!ct.IsCancellationRequested) { _logger.LogWarning("Could not tell the person about the failure: {Error}", again.GetType().Name); }
    }

    /// <summary>Runs the listener for an event_callback's event, if the event is one we answer.</summary>
    public async Task HandleEventAsync(JsonObject callback, CancellationToken ct)
    {
        if (callback["event"] is not JsonObject e) return;
        var type = Str(e, "type");
        if (type is null) return;
        var botUser = callback["authorizations"] is JsonArray { Count: > 0 } auths ? Str(auths[0] as JsonObject, "user_id") : null;
        var key = type == "message" && Str(e, "channel_type") == "im" ? "message.im" : type;
        if (!_events.TryGetValue(key, out var handler)) return;
        try
        {
            await handler(new SlackEvent(key, e, botUser, Str(callback, "event_id")), ct);
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            await FailedAsync(error, new SlackFailure("event " + key, Str(e, "channel"), Str(e, "user"), null,
                Str(e, "thread_ts") ?? Str(e, "ts"), Str(callback, "event_id")), ct);
        }
    }

    public async Task HandleInteractionAsync(JsonObject payload, CancellationToken ct)
    {
        if (Str(payload, "type") != "block_actions" || payload["actions"] is not JsonArray actions) return;
        foreach (var a in actions.OfType<JsonObject>())
        {
            var id = Str(a, "action_id") ?? "";
            var match = _actions.FirstOrDefault(x => id == x.Prefix || id.StartsWith(x.Prefix + "_", StringComparison.Ordinal));
            if (match.Handler is null) continue;
            var action = new SlackAction(id, Str(a, "value"), payload, Str(a, "block_id"));
            try
            {
                await match.Handler(action, ct);
            }
            catch (Exception error) when (!ct.IsCancellationRequested)
            {
                await FailedAsync(error, new SlackFailure("button " + id, action.ChannelId, action.UserId, action.ResponseUrl, null, Str(payload, "trigger_id")), ct);
            }
        }
    }

    /// <summary>A string field, or null when it is missing or not a string (payloads are untrusted).</summary>
    public static string? Str(JsonObject? o, string name) => Http.JsonFields.Str(o, name);
}
