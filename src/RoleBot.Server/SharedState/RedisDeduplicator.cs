using RoleBot.Server.Channels.Slack;
using StackExchange.Redis;

namespace RoleBot.Server.SharedState;

/// <summary>
/// Slack event ids (and share clicks) seen by any replica: <c>SET key 1 NX EX 3600</c>, so a retry
/// delivered to another replica is answered once. Redis away: the replica's own memory decides,
/// which still catches retries that come back to it.
/// </summary>
public sealed class RedisDeduplicator(RedisConnection redis, InMemoryDeduplicator fallback, ILogger<RedisDeduplicator> logger) : IDeduplicator
{
    private const string Prefix = "rolebot:seen:";

    public bool FirstTime(string id)
    {
        // Recorded locally too, so an outage starting now still knows what this replica saw.
        var local = fallback.FirstTime(id);
        try { return redis.Multiplexer.GetDatabase().StringSet(Prefix + id, 1, InMemoryDeduplicator.Window, When.NotExists); }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The outage itself is logged once by RedisConnection; this says what it cost.
            logger.LogDebug("De-duplication fell back to this replica's memory: {Error}", e.GetType().Name);
            return local;
        }
    }

    public void Forget(string id)
    {
        fallback.Forget(id);
        try { redis.Multiplexer.GetDatabase().KeyDelete(Prefix + id, CommandFlags.FireAndForget); }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException) { }
    }
}
