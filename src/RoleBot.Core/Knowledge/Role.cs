namespace RoleBot.Knowledge;

/// <summary>One engineering role from the catalog (<c>knowledge/roles.yaml</c>).</summary>
public sealed record Role(string Id, string Name, string Short, string Plural, IReadOnlyList<string> Aliases, string? Article)
{
    public override string ToString() => Id;
}
