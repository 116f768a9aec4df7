using RoleBot.Curation.QuestionLog;
using RoleBot.Meaning;
using RoleBot.Understanding;

namespace RoleBot.Curation.Report;

/// <summary>One wording of a question and every time it was asked.</summary>
public sealed record GroupMember(string Text, IReadOnlyList<LoggedQuestion> Asked)
{
    public int Count => Asked.Count;
}

/// <summary>Questions that mean the same, most asked wording first.</summary>
public sealed record QuestionGroup(IReadOnlyList<GroupMember> Members, float[] Centroid)
{
    public int Count => Members.Sum(m => m.Count);
    public int People => Members.SelectMany(m => m.Asked).Select(q => q.UserHash).Distinct(StringComparer.Ordinal).Count();
    /// <summary>How many were declined or met with "Did you mean"; the rest were answered with low confidence.</summary>
    public int Declined => Members.Sum(m => m.Asked.Count(q => !q.Answered));
    public IEnumerable<string> Examples(int count = 3) => Members.Take(count).Select(m => m.Text);
    /// <summary>Where the group seems to belong; found for the groups a report shows.</summary>
    public GroupHome? Home { get; init; }
}

/// <summary>
/// Groups questions by meaning so a curator reads one line per gap, not one per wording.
/// Wordings are compared by the cosine of their MiniLM embeddings against each group's centroid:
/// greedily (most asked wording first, so it seeds its group), then groups whose centroids are
/// that close are merged, which undoes the order's luck. A centroid, unlike a nearest member,
/// does not chain ("SRE pay in Berlin" → "SRE pay in Munich" → "DevOps jobs in Munich").
/// </summary>
public static class MeaningGroups
{
    /// <summary>
    /// Measured on MiniLM: rewordings of one question ("how much does an SRE earn in Berlin",
    /// "SRE salary Berlin", "average SRE pay in Berlin?") sit 0.85–0.98 from their group's centroid;
    /// neighbouring but different questions (an SRE's pay in Berlin vs a DevOps engineer's in Munich,
    /// the weather in Berlin, "is jira down" vs "is github down") sit at 0.30–0.56 from each other.
    /// 0.75 leaves a margin on both sides.
    /// </summary>
    public const float Threshold = 0.75f;

    public static IReadOnlyList<QuestionGroup> Of(IEnumerable<LoggedQuestion> questions, Func<IReadOnlyList<string>, float[][]> embed, float threshold = Threshold)
    {
        var members = Wordings(questions);
        if (members.Count == 0) return [];
        var vectors = embed(members.Select(m => MessageInterpreter.Clean(m.Text)).ToList());
        // Within a group the most asked wording leads, and of those asked as often, the most central.
        return Cluster(vectors, threshold)
            .Select(c => new QuestionGroup(c.Members
                .OrderByDescending(i => members[i].Count).ThenByDescending(i => Vectors.Dot(vectors[i], c.Centroid)).ThenBy(i => i)
                .Select(i => members[i]).ToList(), c.Centroid))
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.People).ThenByDescending(g => g.Members.Max(m => m.Asked[^1].Time))
            .ToList();
    }

    /// <summary>The same words differing only in case, spacing or end punctuation are one wording.</summary>
    internal static List<GroupMember> Wordings(IEnumerable<LoggedQuestion> questions) => questions
        .GroupBy(q => Key(q.Question), StringComparer.Ordinal)
        .Where(g => g.Key.Length > 0)
        .Select(g => new GroupMember(Display.Line(g.First().Question, SqlQuestionStore.MaxQuestionLength), g.OrderBy(q => q.Time).ToList()))
        .OrderByDescending(m => m.Count).ThenBy(m => m.Text, StringComparer.Ordinal)
        .ToList();

    internal static string Key(string question) =>
        Display.Line(question, int.MaxValue).ToLowerInvariant().Trim().TrimEnd('?', '!', '.', '…', ' ');

    /// <summary>A group while it forms: the sum of its vectors keeps its centroid exact as members join.</summary>
    private sealed class Growing(int first, float[] vector)
    {
        public List<int> Members { get; } = [first];
        public float[] Sum { get; } = (float[])vector.Clone();
        public float[] Centroid { get; private set; } = (float[])vector.Clone();

        public void Add(IEnumerable<int> members, float[] sum)
        {
            Members.AddRange(members);
            for (var k = 0; k < Sum.Length; k++) Sum[k] += sum[k];
            Centroid = Normalised(Sum);
        }
    }

    /// <summary>Index lists into <paramref name="vectors"/> (unit length), each with its unit centroid.</summary>
    internal static List<(List<int> Members, float[] Centroid)> Cluster(IReadOnlyList<float[]> vectors, float threshold)
    {
        var clusters = new List<Growing>();
        for (var i = 0; i < vectors.Count; i++)
        {
            var best = Nearest(clusters, vectors[i], threshold);
            if (best is null) clusters.Add(new Growing(i, vectors[i]));
            else best.Add([i], vectors[i]);
        }
        MergeClose(clusters, threshold);
        return clusters.Select(c => (c.Members, c.Centroid)).ToList();
    }

    private static Growing? Nearest(List<Growing> clusters, float[] v, float threshold)
    {
        Growing? best = null;
        var bestCosine = threshold;
        foreach (var c in clusters)
        {
            var cosine = Vectors.Dot(v, c.Centroid);
            if (cosine >= bestCosine) (best, bestCosine) = (c, cosine);
        }
        return best;
    }

    private static void MergeClose(List<Growing> clusters, float threshold)
    {
        while (ClosestPair(clusters, threshold) is var (a, b) && a >= 0)
        {
            clusters[a].Add(clusters[b].Members, clusters[b].Sum);
            clusters.RemoveAt(b);
        }
    }

    private static (int A, int B) ClosestPair(List<Growing> clusters, float threshold)
    {
        var (a, b, best) = (-1, -1, threshold);
        for (var i = 0; i < clusters.Count; i++)
            for (var j = i + 1; j < clusters.Count; j++)
            {
                var cosine = Vectors.Dot(clusters[i].Centroid, clusters[j].Centroid);
                if (cosine >= best) (a, b, best) = (i, j, cosine);
            }
        return (a, b);
    }

    private static float[] Normalised(float[] v)
    {
        var length = MathF.Sqrt(Vectors.Dot(v, v));
        return length == 0 ? (float[])v.Clone() : v.Select(x => x / length).ToArray();
    }
}
