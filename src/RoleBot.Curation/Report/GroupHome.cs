using RoleBot.Search;
using RoleBot.Understanding;

namespace RoleBot.Curation.Report;

/// <summary>
/// Where an unanswered group seems to belong: the intent it would most likely be if it were not
/// "unknown", and the knowledge section closest to it. A curator adds examples to that intent, or
/// a section beside that one, and the next report shows whether the gap closed.
/// </summary>
/// <param name="Probability">The classifier's probability for <paramref name="Intent"/> among the intents other
/// than unknown, averaged over the group's examples.</param>
/// <param name="Cosine">How close the section is in meaning to the group's centroid.</param>
public sealed record GroupHome(string Intent, float Probability, string? File, string? Heading, float Cosine)
{
    public string? Topic => File is null ? null : File + "#" + Heading;

    /// <summary>The wordings read: enough to steady the average, few enough to keep a long report quick.</summary>
    private const int Examples = 3;

    public static GroupHome Find(QuestionGroup group, RoleBotEngine engine)
    {
        var texts = group.Examples(Examples).ToList();
        var (intent, p) = texts
            .SelectMany(t => KnownIntents(engine.Interpreter.Explain(t)))
            .GroupBy(e => e.Intent, StringComparer.Ordinal)
            .Select(g => (Intent: g.Key, P: g.Sum(e => e.Probability) / texts.Count))
            .OrderByDescending(e => e.P).ThenBy(e => e.Intent, StringComparer.Ordinal)
            .FirstOrDefault();
        // Words and meaning together: a shared rare word ("github") counts, not only the embedding.
        var hit = engine.Search.Search(MessageInterpreter.Clean(texts[0]), group.Centroid, new SearchFilter(), 1).FirstOrDefault();
        return new GroupHome(intent ?? "", p, hit?.Passage.File, hit?.Passage.Heading, hit?.Cosine ?? 0);
    }

    /// <summary>
    /// The intents other than unknown, their probabilities shared out again among them: these
    /// questions are unknown already, and what a curator asks is which intent it would be if not.
    /// </summary>
    private static IEnumerable<(string Intent, float Probability)> KnownIntents(IReadOnlyList<(string Intent, float Probability)> all)
    {
        var known = all.Where(e => e.Intent != RoleBot.Understanding.Intent.Unknown.Id).ToList();
        var total = known.Sum(e => e.Probability);
        return total <= 0 ? known : known.Select(e => (e.Intent, e.Probability / total));
    }
}
