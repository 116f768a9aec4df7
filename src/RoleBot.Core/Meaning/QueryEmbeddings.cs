namespace RoleBot.Meaning;

/// <summary>
/// The embedding of a message, remembered: the same words always give the same vector, and chat
/// questions repeat ("what does an SRE do?"). Least recently used out past the capacity.
/// </summary>
public sealed class QueryEmbeddings(SentenceEmbedder embedder, int capacity = 4096)
{
    private readonly Dictionary<string, LinkedListNode<(string Text, float[] Vector)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, float[] Vector)> _order = new();
    private readonly Lock _lock = new();

    public SentenceEmbedder Embedder => embedder;

    public float[] Get(string text)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(text, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return node.Value.Vector;
            }
        }
        var vector = embedder.Embed(text);
        Remember(text, vector);
        return vector;
    }

    /// <summary>Several at once in one model call (fit's clauses); remembered like single ones.</summary>
    public float[][] GetMany(IReadOnlyList<string> texts)
    {
        if (texts.Count <= 1) return texts.Select(Get).ToArray();
        var vectors = embedder.EmbedBatch(texts);
        for (var i = 0; i < texts.Count; i++) Remember(texts[i], vectors[i]);
        return vectors;
    }

    private void Remember(string text, float[] vector)
    {
        lock (_lock)
        {
            if (_map.ContainsKey(text)) return;
            _map[text] = _order.AddFirst((text, vector));
            while (_map.Count > capacity)
            {
                _map.Remove(_order.Last!.Value.Text);
                _order.RemoveLast();
            }
        }
    }
}
