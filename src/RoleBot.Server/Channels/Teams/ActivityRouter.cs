namespace RoleBot.Server.Channels.Teams;

public delegate Task TurnHandler(TurnContext turn, CancellationToken cancellationToken);

/// <summary>
/// The route table for Bot Framework activities, in the spirit of the Agents SDK's
/// <c>AgentApplication</c>: reading the registrations tells you everything the bot does. The first
/// route whose condition matches handles the turn; activities nothing matches are acknowledged and
/// ignored.
/// </summary>
public sealed class ActivityRouter
{
    private readonly List<(string Description, Func<Activity, bool> Matches, TurnHandler Handler)> _routes = [];

    public IReadOnlyList<string> Routes => _routes.Select(r => r.Description).ToList();

    public ActivityRouter On(string description, Func<Activity, bool> matches, TurnHandler handler)
    {
        _routes.Add((description, matches, handler));
        return this;
    }

    public ActivityRouter OnMessage(TurnHandler handler) =>
        On("message", a => Is(a, ActivityTypes.Message), handler);

    public ActivityRouter OnInvoke(string name, TurnHandler handler) =>
        On($"invoke {name}", a => Is(a, ActivityTypes.Invoke) && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase), handler);

    public ActivityRouter OnConversationUpdate(string description, Func<Activity, bool> matches, TurnHandler handler) =>
        On($"conversationUpdate: {description}", a => Is(a, ActivityTypes.ConversationUpdate) && matches(a), handler);

    /// <summary>An exact action: "add" is a new installation, not "add-upgrade" (a new app version).</summary>
    public ActivityRouter OnInstallationUpdate(string action, TurnHandler handler) =>
        On($"installationUpdate {action}", a => Is(a, ActivityTypes.InstallationUpdate) &&
                                              string.Equals(a.Action, action, StringComparison.OrdinalIgnoreCase), handler);

    /// <summary>Runs the first matching route. False when no route matched.</summary>
    public async Task<bool> RouteAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        foreach (var (_, matches, handler) in _routes)
        {
            if (!matches(turn.Activity)) continue;
            await handler(turn, cancellationToken);
            return true;
        }
        return false;
    }

    private static bool Is(Activity a, string type) => string.Equals(a.Type, type, StringComparison.OrdinalIgnoreCase);
}
