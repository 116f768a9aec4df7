using RoleBot.Answers;
using RoleBot.Rendering;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Turns the channel-neutral <see cref="Reply"/> into a Bot Framework activity: an Adaptive Card for
/// clients that render cards, Markdown text for the others, and suggested actions in 1:1 chats
/// (the only place Teams shows them).
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
        if (IsPersonal(incoming) && reply.Suggestions.Count + reply.Choices.Count > 0)
        {
            activity.SuggestedActions = new SuggestedActions
            {
                Actions = reply.Choices.Concat(reply.Suggestions)
                    .Select(s => new CardAction { Type = "imBack", Title = s.Label, Value = s.Message })
                    .ToList(),
            };
        }
        return activity;
    }

    public static Attachment Card(Reply reply) => new()
    {
        ContentType = AdaptiveCardRenderer.ContentType,
        Content = AdaptiveCardRenderer.Render(reply),
    };

    /// <summary>1:1 chat: Teams says "personal"; other channels just don't say it is a group.</summary>
    public static bool IsPersonal(Activity a) =>
        a.Conversation?.ConversationType is { } type
            ? string.Equals(type, "personal", StringComparison.OrdinalIgnoreCase)
            : a.Conversation?.IsGroup != true;
}
