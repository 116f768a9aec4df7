namespace RoleBot.Conversations;

/// <summary>
/// Where each conversation's context lives between turns, keyed by channel, conversation and user
/// (<see cref="ConversationKey"/>). In memory for one process; shared by replicas in Redis.
/// A store that fails must not fail the answer: callers treat an exception as "no context".
/// </summary>
public interface IConversationStore
{
    ConversationContext? Get(string key);

    void Set(string key, ConversationContext context);
}

/// <summary>Keys that keep contexts apart: never shared across channels, conversations or users.</summary>
public static class ConversationKey
{
    public static string Of(string channel, string conversation, string? user) =>
        $"{channel}:{conversation}:{user ?? "-"}";
}
