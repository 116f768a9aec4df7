using RoleBot.Server.Channels.Teams;

namespace RoleBot.Server.Curation;

/// <summary>
/// How each channel names a conversation and a person in the questions log, before hashing: the
/// channel's own ids, prefixed so two channels' ids can never meet.
/// </summary>
public static class LogConversations
{
    public static string? Of(Activity a) => a.Conversation?.Id is { Length: > 0 } id ? $"bf:{a.ChannelId}:{id}" : null;

    /// <summary>The verified sender: their Entra object id in Teams, else the channel's user id.</summary>
    public static string? UserOf(Activity a) => a.From?.AadObjectId ?? a.From?.Id;

    public static string? Slack(string? channel) => string.IsNullOrEmpty(channel) ? null : "slack:" + channel;
}
