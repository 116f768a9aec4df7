using System.Text.Json;
using RoleBot.Conversations;
using StackExchange.Redis;

namespace RoleBot.Server.SharedState;

/// <summary>
/// Conversation context in Redis, so a conversation whose turns land on different replicas keeps
/// its context. One JSON value per conversation key, expiring after the idle time (Redis does the
/// "least recently used out" with its own eviction policy). Redis away: the engine answers without
/// context (it catches what this throws).
/// </summary>
public sealed class RedisConversationStore(RedisConnection redis, TimeSpan idle) : IConversationStore
{
    private const string Prefix = "rolebot:conversation:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ConversationContext? Get(string conversation)
    {
        var value = redis.Multiplexer.GetDatabase().StringGet(Prefix + conversation);
        if (value.IsNullOrEmpty) return null;
        try { return JsonSerializer.Deserialize<ConversationContext>(value.ToString(), Json); }
        catch (JsonException) { return null; } // written by another version: start afresh
    }

    public void Set(string conversation, ConversationContext context) =>
        redis.Multiplexer.GetDatabase().StringSet(Prefix + conversation, JsonSerializer.Serialize(context, Json), idle);
}
