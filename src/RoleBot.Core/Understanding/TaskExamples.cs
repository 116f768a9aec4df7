using RoleBot.Knowledge;
using RoleBot.Meaning;

namespace RoleBot.Understanding;

/// <summary>
/// How people describe each task in their own words: the "who" examples labelled with the ownership
/// section they mean (<c>intents/_who-tasks.yaml</c>). A question is compared with every phrasing,
/// and each section ranks by its closest one. A section's own summary is one way to say the task;
/// "the disk alert fires 20 times a night and it's always nothing" is closer to "I got paged 14
/// times last night for alerts nobody acts on" than to "The SRE team owns monitoring, alerting…".
/// </summary>
internal sealed class TaskExamples
{
    private readonly List<(Passage Task, float[] Vector)> _examples;

    public TaskExamples(KnowledgeBase knowledge, VectorStore store, Func<IReadOnlyList<string>, float[][]> encode, Func<string, string> modelText)
    {
        // Only tasks this corpus has: the raw articles have no ownership sections, and no examples then.
        var sections = knowledge.Passages.Where(p => p.Kind == PassageKind.Ownership && p.Roles.Count > 0)
            .GroupBy(p => p.Heading, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var labelled = (knowledge.Intents.TaskExamples.GetValueOrDefault(Intent.Who.Id) ?? [])
            .Where(e => sections.ContainsKey(e.Task)).ToList();
        var vectors = labelled.Count == 0 ? [] : store.Embed("who-task-examples", labelled.Select(e => modelText(e.Text)).ToList(), encode);
        _examples = labelled.Select((e, i) => (sections[e.Task], vectors[i])).ToList();
    }

    public bool IsEmpty => _examples.Count == 0;

    /// <summary>Each section with an example, by its closest example's cosine to <paramref name="query"/>, closest first.</summary>
    public List<(Passage Task, float Cosine)> Rank(float[] query)
    {
        var best = new Dictionary<Passage, float>();
        foreach (var (task, vector) in _examples)
        {
            var cosine = Vectors.Dot(query, vector);
            if (!best.TryGetValue(task, out var seen) || cosine > seen) best[task] = cosine;
        }
        return best.OrderByDescending(e => e.Value).Select(e => (e.Key, e.Value)).ToList();
    }
}
