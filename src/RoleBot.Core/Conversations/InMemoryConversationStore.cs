namespace RoleBot.Conversations;

/// <summary>
/// Contexts in this process's memory: forgotten after <see cref="Idle"/> of silence, and the least
/// recently used goes once more than <see cref="Capacity"/> conversations are remembered, so memory
/// stays bounded however many people talk to the bot.
/// </summary>
public sealed class InMemoryConversationStore(int capacity = InMemoryConversationStore.DefaultCapacity, TimeSpan? idle = null, TimeProvider? clock = null) : IConversationStore
{
    public const int DefaultCapacity = 10_000;
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromMinutes(30);

    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public int Capacity { get; } = Math.Max(1, capacity);
    public TimeSpan Idle { get; } = idle ?? DefaultIdle;

    public int Count { get { lock (_lock) return _map.Count; } }

    public ConversationContext? Get(string key)
    {
        lock (_lock)
        {
            if (!_map.TryGetValue(key, out var node)) return null;
            if (_clock.GetUtcNow() - node.Value.Touched > Idle)
            {
                _order.Remove(node);
                _map.Remove(key);
                return null;
            }
            return node.Value.Context;
        }
    }

    public void Set(string key, ConversationContext context)
    {
        lock (_lock)
        {
            if (_map.Remove(key, out var old)) _order.Remove(old);
            _map[key] = _order.AddFirst(new Entry(key, context, _clock.GetUtcNow()));
            while (_map.Count > Capacity)
            {
                _map.Remove(_order.Last!.Value.Key);
                _order.RemoveLast();
            }
        }
    }

    private sealed record Entry(string Key, ConversationContext Context, DateTimeOffset Touched);
}
