using RoleBot.Answers;
using RoleBot.Rendering;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Turns the channel-neutral <see cref="Reply"/> into a Bot Framework activity: an Adaptive Card for
/// clients that render cards, whose own buttons are the follow-ups; Markdown text for the others,
/// with the follow-ups as suggested actions in 1:1 chats. Teams shows suggested actions only in 1:1
/// chats and never on a message with attachments, so a card never relies on them.
/// </summary>
public static class TeamsReplies
{
    /// <summary>Channels whose clients render Adaptive Cards (Slack through Azure shows them as images).</summary>
    private static readonly HashSet<string> CardChannels = new(StringComparer.OrdinalIgnoreCase)
        { "msteams", "webchat", "directline", "emulator", "agents", "test" };

    public static Activity ToActivity(Activity incoming, Reply reply)
    {
        var activity = incoming.CreateReply();
        var wantsMarkdown = string.Equals(incoming.TextFormat, "markdown", StringComparison.OrdinalIgnoreCase);
        if (CardChannels.Contains(incoming.ChannelId ?? "") && !wantsMarkdown)
        {
            activity.Attachments = [Card(reply)];
        }
        else
        {
            activity.Text = MarkdownRenderer.Render(reply);
            activity.TextFormat = "markdown";
        }
        if (activity.Attachments is not { Count: > 0 } && IsPersonal(incoming) && reply.Suggestions.Count + reply.Choices.Count > 0)
        {
            // messageBack: the chat shows the label as the person's message, the bot gets the payload.
            activity.SuggestedActions = new SuggestedActions
            {
                Actions = reply.Choices.Concat(reply.Suggestions)
                    .Select(s => new CardAction { Type = "messageBack", Title = s.Label, Text = s.Message, DisplayText = s.Label, Value = FollowUpPayload.Data(s) })
                    .ToList(),
            };
        }
        return activity;
    }

    /// <summary>
    /// Teams' own 👍/👎 under an answer that the questions log keeps (<paramref name="answerId"/>):
    /// <c>channelData.feedbackLoop = {"type":"default"}</c>. Not also the older
    /// <c>feedbackLoopEnabled</c>: the two must not be set together (Microsoft's Teams SDKs clear the
    /// old one when they set the new one).
    /// </summary>
    public static Activity WithFeedback(Activity reply, string? answerId)
    {
        if (answerId is null) return reply;
        reply.AnswerId = answerId;
        var data = reply.ChannelData as System.Text.Json.Nodes.JsonObject ?? [];
        data["feedbackLoop"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "default" };
        reply.ChannelData = data;
        return reply;
    }

    /// <summary>
    /// The card for a reply, rendered once per reply: replies to commands and presses are shared
    /// (the engine keeps them), and the card is only ever read after that, never changed.
    /// </summary>
    public static Attachment Card(Reply reply) => new()
    {
        ContentType = AdaptiveCardRenderer.ContentType,
        // Frozen: fully built now (concurrent reads never build it) and written from its bytes.
        Content = Cards.GetValue(reply, r => FrozenCards.Freeze(AdaptiveCardRenderer.Render(r))),
    };

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Reply, System.Text.Json.Nodes.JsonObject> Cards = new();

    /// <summary>1:1 chat: Teams says "personal"; other channels just don't say it is a group.</summary>
    public static bool IsPersonal(Activity a) =>
        a.Conversation?.ConversationType is { } type
            ? string.Equals(type, "personal", StringComparison.OrdinalIgnoreCase)
            : a.Conversation?.IsGroup != true;
}
