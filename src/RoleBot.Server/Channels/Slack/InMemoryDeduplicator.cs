using System.Collections.Concurrent;

namespace RoleBot.Server.Channels.Slack;

/// <summary>Remembers ids (Slack event ids, share clicks) so a retried or replayed delivery is acted on once.</summary>
public interface IDeduplicator
{
    /// <summary>True the first time an id is seen within the window; false for repeats.</summary>
    bool FirstTime(string id);

    /// <summary>Forgets an id whose work could not be queued, so Slack's retry of it is not taken for a duplicate.</summary>
    void Forget(string id);
}

/// <summary>
/// Ids remembered for an hour in this process: right for one instance, and the fallback of the
/// Redis one (<see cref="SharedState.RedisDeduplicator"/>) that several replicas share.
/// </summary>
public sealed class InMemoryDeduplicator(TimeProvider clock) : IDeduplicator
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();
    private int _calls;

    public bool FirstTime(string id)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _calls) % 1000 == 0)
            foreach (var (key, at) in _seen)
                if (now - at > Window) _seen.TryRemove(key, out _);
        if (_seen.TryAdd(id, now)) return true;
        return _seen.TryGetValue(id, out var seenAt) && now - seenAt > Window && _seen.TryUpdate(id, now, seenAt);
    }

    public void Forget(string id) => _seen.TryRemove(id, out _);
}
