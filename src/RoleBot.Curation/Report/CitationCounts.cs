using RoleBot.Curation.QuestionLog;
using RoleBot.Knowledge;
using RoleBot.Understanding;

namespace RoleBot.Curation.Report;

/// <param name="InKnowledge">False for a section answers cited that the knowledge no longer has (renamed or removed).</param>
public sealed record CitedSection(string File, string Heading, int Count, bool InKnowledge)
{
    public string Topic => File + "#" + Heading;

    /// <summary>"file#heading" as <see cref="Reading.TopicKey"/> writes it; a heading may hold a '#' ("C#"), a file name does not.</summary>
    public static (string File, string Heading) Split(string topic) =>
        topic.IndexOf('#') is var i and >= 0 ? (topic[..i], topic[(i + 1)..]) : (topic, "");
}

public sealed record CitedFile(string File, int Count, int Sections, int NeverCited);

/// <summary>
/// How often answers cited each knowledge section and file. Every section of the knowledge is
/// counted, cited or not: the least cited are the ones nobody needs, or nobody can reach.
/// </summary>
public sealed record CitationCounts(IReadOnlyList<CitedSection> Sections, IReadOnlyList<CitedFile> Files)
{
    public IEnumerable<CitedSection> Most(int count) => Sections.Where(s => s.Count > 0)
        .OrderByDescending(s => s.Count).ThenBy(s => s.Topic, StringComparer.Ordinal).Take(count);

    /// <summary>Never-cited sections first; sections that are gone from the knowledge cannot be cited less, so they are left out.</summary>
    public IEnumerable<CitedSection> Least(int count) => Sections.Where(s => s.InKnowledge)
        .OrderBy(s => s.Count).ThenBy(s => s.Topic, StringComparer.Ordinal).Take(count);

    public IReadOnlyList<CitedSection> Never => Sections.Where(s => s.InKnowledge && s.Count == 0).OrderBy(s => s.Topic, StringComparer.Ordinal).ToList();

    public IReadOnlyList<CitedSection> Gone => Sections.Where(s => !s.InKnowledge).OrderByDescending(s => s.Count).ToList();

    public static CitationCounts Of(IEnumerable<LoggedQuestion> questions, IEnumerable<Passage> passages)
    {
        var known = passages.Select(Reading.TopicKey).ToHashSet(StringComparer.Ordinal);
        var counts = known.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        // A section cited twice in one answer is one citation: the answer needed it once.
        foreach (var topic in questions.SelectMany(q => q.Cited.Distinct(StringComparer.Ordinal)))
            counts[topic] = counts.GetValueOrDefault(topic) + 1;
        var sections = counts.Select(e => Section(e.Key, e.Value, known.Contains(e.Key))).ToList();
        var files = sections.GroupBy(s => s.File, StringComparer.Ordinal)
            .Select(g => new CitedFile(g.Key, g.Sum(s => s.Count), g.Count(s => s.InKnowledge), g.Count(s => s.InKnowledge && s.Count == 0)))
            .OrderByDescending(f => f.Count).ThenBy(f => f.File, StringComparer.Ordinal)
            .ToList();
        return new CitationCounts(sections, files);
    }

    private static CitedSection Section(string topic, int count, bool known)
    {
        var (file, heading) = CitedSection.Split(topic);
        return new CitedSection(file, heading, count, known);
    }
}
