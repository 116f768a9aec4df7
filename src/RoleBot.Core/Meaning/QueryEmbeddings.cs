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

    /// <summary>
    /// Several texts (fit's clauses), each looked up and, when new, encoded alone like any other: a
    /// repeated fit message costs no model run, and a clause gets the same vector whether it came
    /// alone or with others (a batch's int8 activation scale spans the batch, which moved its
    /// vectors by about 1% cosine).
    /// </summary>
    public float[][] GetMany(IReadOnlyList<string> texts) => texts.Select(Get).ToArray();

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
