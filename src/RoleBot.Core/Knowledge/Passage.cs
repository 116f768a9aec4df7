namespace RoleBot.Knowledge;

/// <summary>
/// The unit of retrieval and of answering: one section (or paragraph group) of one article.
/// <see cref="Summary"/> is the first paragraph; it is what a short answer or a table cell shows.
/// </summary>
public sealed record Passage(
    int Id,
    string ArticleTitle,
    string File,
    IReadOnlyList<string> Sources,
    string Heading,
    PassageKind Kind,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Aliases,
    string Summary,
    IReadOnlyList<string> Details)
{
    /// <summary>Every word of the passage, for indexing.</summary>
    public string Text => Details.Count == 0 ? Summary : Summary + "\n" + string.Join("\n", Details);
}
