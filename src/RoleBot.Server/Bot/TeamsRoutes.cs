using System.Text.Json.Nodes;
using RoleBot.Answers;
using RoleBot.Conversations;
using RoleBot.Understanding;
using RoleBot.Rendering;
using RoleBot.Server.Channels.Teams;

namespace RoleBot.Server.Bot;

/// <summary>Everything RoleBot does on Bot Framework channels, one registration per behaviour.</summary>
public static class TeamsRoutes
{
    public static ActivityRouter Build(EngineHost host, UserRateLimit limit) => new ActivityRouter()
        // Teams sends both a conversationUpdate and an installationUpdate when the app is installed:
        // it is welcomed on the installation; other channels (Web Chat, Emulator) on the update.
        .OnConversationUpdate("RoleBot added (outside Teams)", a => BotWasAdded(a) && !IsTeams(a), (turn, _) => Welcome(turn, host))
        .OnInstallationUpdate("add", (turn, _) => Welcome(turn, host))
        .OnConversationUpdate("people added to a team", PeopleWereAdded, (turn, _) => WelcomeMembers(turn, host))
        .OnInvoke("adaptiveCard/action", (turn, _) => CardAction(turn, host, limit))
        .OnMessage((turn, _) => Answer(turn, host, limit));

    /// <summary>A question, or an Action.Submit / messageBack click (its value is the follow-up's payload).</summary>
    private static async Task Answer(TurnContext turn, EngineHost host, UserRateLimit limit)
    {
        if (!limit.Allow("teams", UserOf(turn.Activity)))
        {
            turn.Send(TeamsReplies.ToActivity(turn.Activity, UserRateLimit.SlowDown));
            return;
        }
        var engine = await host.EngineAsync;
        var answer = FollowUpPayload.Read(turn.Activity.Value) is { } pressed
            ? engine.Press(pressed, ChannelOf(turn.Activity), ConversationOf(turn.Activity))
            : engine.Ask(MentionText.StripBotMention(turn.Activity), ChannelOf(turn.Activity), ConversationOf(turn.Activity));
        turn.Send(TeamsReplies.ToActivity(turn.Activity, answer.Reply));
    }

    /// <summary>Action.Execute: the answer replaces the card, as Universal Actions do.</summary>
    private static async Task CardAction(TurnContext turn, EngineHost host, UserRateLimit limit)
    {
        var action = (turn.Activity.Value as JsonObject)?["action"] as JsonObject;
        var verb = action?["verb"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var pressed = FollowUpPayload.Read(action?["data"]);
        if (action is null || pressed is null || verb != AdaptiveCardRenderer.FollowUpVerb)
        {
            turn.InvokeResponse = InvokeResults.Error(400, "Unknown card action.");
            return;
        }
        if (!limit.Allow("teams", UserOf(turn.Activity)))
        {
            turn.InvokeResponse = InvokeResults.Card(AdaptiveCardRenderer.Render(UserRateLimit.SlowDown));
            return;
        }
        var engine = await host.EngineAsync;
        turn.InvokeResponse = InvokeResults.Card(AdaptiveCardRenderer.Render(engine.Press(pressed, ChannelOf(turn.Activity), ConversationOf(turn.Activity)).Reply));
    }

    /// <summary>The verified sender: their Entra object id in Teams, else the channel's user id.</summary>
    private static string? UserOf(Activity activity) => activity.From?.AadObjectId ?? activity.From?.Id;

    /// <summary>Teams gets Teams channel names; Web Chat, the chat page and the Emulator get both apps' names.</summary>
    private static Channel ChannelOf(Activity activity) => activity.ChannelId == "msteams" ? Channel.Teams : Channel.Other;

    /// <summary>
    /// One context per conversation and person: a Teams channel thread has its own conversation id,
    /// and in a group chat each person's follow-ups are their own.
    /// </summary>
    private static string? ConversationOf(Activity activity) =>
        activity.Conversation?.Id is { Length: > 0 } id
            ? ConversationKey.Of("bf:" + (activity.ChannelId ?? "?"), id, activity.From?.AadObjectId ?? activity.From?.Id)
            : null;

    private static async Task Welcome(TurnContext turn, EngineHost host)
    {
        var engine = await host.EngineAsync;
        var reply = TeamsReplies.ToActivity(turn.Activity, new Welcomes(engine.Knowledge).BotInstalled(ChannelOf(turn.Activity)));
        reply.ReplyToId = null; // a welcome starts the conversation rather than answering a message
        turn.Send(reply);
    }

    /// <summary>
    /// New people in a team conversation get one short welcome that @mentions them: one message per
    /// update however many joined (a team of 3,000 added at once is one message naming ten).
    /// </summary>
    private static async Task WelcomeMembers(TurnContext turn, EngineHost host)
    {
        var engine = await host.EngineAsync;
        var people = Humans(turn.Activity).Select(m => new Mention(m.Id!, string.IsNullOrWhiteSpace(m.Name) ? "there" : m.Name)).ToList();
        var reply = TeamsReplies.ToActivity(turn.Activity, new Welcomes(engine.Knowledge).NewMembers(people, ChannelOf(turn.Activity)));
        reply.ReplyToId = null;
        turn.Send(reply);
    }

    private static bool IsTeams(Activity a) => string.Equals(a.ChannelId, "msteams", StringComparison.OrdinalIgnoreCase);

    private static bool BotWasAdded(Activity a) => a.MembersAdded?.Any(m => m.Id is not null && m.Id == a.Recipient?.Id) == true;

    private static bool PeopleWereAdded(Activity a) => Humans(a).Any() && a.Conversation?.IsGroup == true;

    private static IEnumerable<ChannelAccount> Humans(Activity a) =>
        (a.MembersAdded ?? []).Where(m => m.Id is not null && m.Id != a.Recipient?.Id && !(m.Id?.StartsWith("28:") ?? false));

}
