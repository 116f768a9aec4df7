using System.Collections.Concurrent;

namespace RoleBot.Server.Channels.Slack;

/// <summary>
/// Remembers Slack event ids for an hour, so a retried or duplicated delivery is answered once.
/// In-memory: right for one instance; several instances behind a load balancer would need a shared
/// store, which would be a second implementation of this class.
/// </summary>
public sealed class EventDeduplicator(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();
    private int _calls;

    /// <summary>True the first time an id is seen within the window; false for repeats.</summary>
    public bool FirstTime(string eventId)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _calls) % 1000 == 0)
            foreach (var (id, at) in _seen)
                if (now - at > Window) _seen.TryRemove(id, out _);
        if (_seen.TryAdd(eventId, now)) return true;
        return _seen.TryGetValue(eventId, out var seenAt) && now - seenAt > Window && _seen.TryUpdate(eventId, now, seenAt);
    }

    /// <summary>Forgets an id whose work could not be queued, so Slack's retry of it is not taken for a duplicate.</summary>
    public void Forget(string eventId) => _seen.TryRemove(eventId, out _);
}
