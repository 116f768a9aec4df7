using System.Text.Json.Nodes;
using RoleBot.Answers;
using RoleBot.Conversations;
using RoleBot.Understanding;
using RoleBot.Rendering;
using RoleBot.Server.Channels.Teams;
using RoleBot.Server.Curation;
using RoleBot.Curation.QuestionLog;
using static RoleBot.Server.Http.JsonFields;

namespace RoleBot.Server.Bot;

/// <summary>Everything RoleBot does on Bot Framework channels, one registration per behaviour.</summary>
public static class TeamsRoutes
{
    public static ActivityRouter Build(EngineHost host, UserRateLimit limit, QuestionLog log) => new ActivityRouter()
        // Teams sends both a conversationUpdate and an installationUpdate when the app is installed:
        // it is welcomed on the installation; other channels (Web Chat, Emulator) on the update.
        .OnConversationUpdate("RoleBot added (outside Teams)", a => BotWasAdded(a) && !IsTeams(a), (turn, _) => Welcome(turn, host))
        .OnInstallationUpdate("add", (turn, _) => Welcome(turn, host))
        .OnConversationUpdate("people added to a team", PeopleWereAdded, (turn, _) => WelcomeMembers(turn, host))
        .OnInvoke("adaptiveCard/action", (turn, _) => CardAction(turn, host, limit, log))
        .OnInvoke("message/submitAction", (turn, _) => Feedback(turn, log))
        .OnMessage((turn, _) => Answer(turn, host, limit, log));

    /// <summary>A question, or an Action.Submit / messageBack click (its value is the follow-up's payload).</summary>
    private static async Task Answer(TurnContext turn, EngineHost host, UserRateLimit limit, QuestionLog log)
    {
        if (!limit.Allow("teams", UserOf(turn.Activity)))
        {
            turn.Send(TeamsReplies.ToActivity(turn.Activity, UserRateLimit.SlowDown));
            return;
        }
        var engine = await host.EngineAsync;
        var pressed = FollowUpPayload.Read(turn.Activity.Value);
        var answer = pressed is not null
            ? engine.Press(pressed, ChannelOf(turn.Activity), ConversationOf(turn.Activity))
            : engine.Ask(MentionText.StripBotMention(turn.Activity), ChannelOf(turn.Activity), ConversationOf(turn.Activity));
        var id = log.Answered(turn.Activity.ChannelId ?? "botframework", UserOf(turn.Activity), LogConversations.Of(turn.Activity), answer, pressed is not null);
        turn.Send(TeamsReplies.WithFeedback(TeamsReplies.ToActivity(turn.Activity, answer.Reply), id));
    }

    /// <summary>
    /// Teams' own 👍/👎 on an answer (feedbackLoop "default": Teams asks for the optional text and
    /// thanks the person itself). replyToId is the answer's message; answered 200, empty body.
    /// </summary>
    private static Task Feedback(TurnContext turn, QuestionLog log)
    {
        var value = turn.Activity.Value as JsonObject;
        var action = value?["actionValue"] as JsonObject;
        if (Str(value, "actionName") != "feedback" || Reactions.Parse(Str(action, "reaction")) is not { } reaction)
        {
            turn.InvokeResponse = InvokeResults.Error(400, "Unknown message action.");
            return Task.CompletedTask;
        }
        // The message is named by its id; the chat page's ids are our answer ids themselves.
        var message = turn.Activity.ReplyToId is { Length: > 0 } r ? r : null;
        log.Feedback(new FeedbackGiven(DateTimeOffset.UtcNow, turn.Activity.ChannelId ?? "botframework", UserOf(turn.Activity),
            LogConversations.Of(turn.Activity), message, message, reaction, FeedbackText(action?["feedback"])));
        turn.InvokeAcknowledged = true;
        return Task.CompletedTask;
    }

    /// <summary>Teams sends the form as a JSON string ({"feedbackText": "..."}); the Agents Playground sends the text itself.</summary>
    private static string? FeedbackText(JsonNode? feedback)
    {
        if (feedback is JsonObject o) return Str(o, "feedbackText");
        if (feedback is not JsonValue v || !v.TryGetValue<string>(out var s) || string.IsNullOrWhiteSpace(s)) return null;
        if (!s.TrimStart().StartsWith('{')) return s;
        try { return JsonNode.Parse(s) is JsonObject parsed ? Str(parsed, "feedbackText") : null; }
        catch (System.Text.Json.JsonException) { return s; }
    }

    /// <summary>Action.Execute: the answer replaces the card, as Universal Actions do.</summary>
    private static async Task CardAction(TurnContext turn, EngineHost host, UserRateLimit limit, QuestionLog log)
    {
        var action = (turn.Activity.Value as JsonObject)?["action"] as JsonObject;
        var verb = Str(action, "verb");
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
        var answer = engine.Press(pressed, ChannelOf(turn.Activity), ConversationOf(turn.Activity));
        // The card is replaced in the same message: feedback on that message is now about this answer.
        var conversation = LogConversations.Of(turn.Activity);
        log.Sent(log.Answered(turn.Activity.ChannelId ?? "botframework", UserOf(turn.Activity), conversation, answer, pressed: true), conversation, turn.Activity.ReplyToId);
        turn.InvokeResponse = InvokeResults.Card(AdaptiveCardRenderer.Render(answer.Reply));
    }

    private static string? UserOf(Activity activity) => LogConversations.UserOf(activity);

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
