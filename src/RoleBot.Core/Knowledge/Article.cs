namespace RoleBot.Knowledge;

/// <summary>A loaded source file: its metadata and the passages it was split into.</summary>
public sealed record Article(
    string Title,
    string File,
    string Kind,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Sources,
    IReadOnlyList<Passage> Passages);
