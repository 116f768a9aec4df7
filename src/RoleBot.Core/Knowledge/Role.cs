namespace RoleBot.Knowledge;

/// <summary>One engineering role from the catalog (<c>knowledge/roles.yaml</c>).</summary>
public sealed record Role(string Id, string Name, string Short, string Plural, IReadOnlyList<string> Aliases, string? Article)
{
    /// <summary>
    /// Aliases that are everyday words too ("cloud", "platform", "developer"): they name the role in a
    /// question, but in an article's prose they are just words, so they don't tag a paragraph.
    /// </summary>
    public IReadOnlySet<string> EverydayWords { get; init; } = new HashSet<string>();

    /// <summary>Offered last when picking a role to compare with (the developer, whom the others serve).</summary>
    public bool CompareLast { get; init; }

    public override string ToString() => Id;
}
