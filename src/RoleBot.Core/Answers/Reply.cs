using RoleBot.Understanding;

namespace RoleBot.Answers;

/// <summary>
/// The channel-neutral answer: one model, rendered to plain text, Markdown, Adaptive Cards and Block
/// Kit by separate renderers. The short answer comes first; detail, a table, follow-ups and
/// citations after.
/// </summary>
public sealed record Reply
{
    public required string Title { get; init; }

    /// <summary>A line addressed to people before the answer ("Hi @Ada and @Sam!"), drawn natively per channel.</summary>
    public IReadOnlyList<Inline> Greeting { get; init; } = [];

    public required string ShortAnswer { get; init; }
    public IReadOnlyList<ReplySection> Sections { get; init; } = [];
    public ComparisonTable? Table { get; init; }

    /// <summary>"Did you mean …?" options; when present the reply is a question, not an answer.</summary>
    public IReadOnlyList<Suggestion> Choices { get; init; } = [];

    /// <summary>Two or three follow-up questions, each sendable as a button.</summary>
    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];
    public IReadOnlyList<Citation> Citations { get; init; } = [];

    /// <summary>Every passage the answer drew on, as "file#heading": what the questions log counts.</summary>
    public IReadOnlyList<string> Cited { get; init; } = [];
}

/// <summary>
/// A titled block of the answer: a paragraph, bullets, or both. A bullet indented by two spaces a
/// level ("  Test automation") is nested under the bullet before it; each renderer shows the nesting
/// its own way.
/// </summary>
public sealed record ReplySection(string Heading, string? Text, IReadOnlyList<string> Bullets)
{
    /// <summary>Bullets with links, channels or people in them (our teams), after <see cref="Bullets"/>.</summary>
    public IReadOnlyList<IReadOnlyList<Inline>> Lines { get; init; } = [];

    public static ReplySection Of(string heading, string? text, IEnumerable<string>? bullets = null) =>
        new(heading, text, bullets?.ToList() ?? []);

    /// <summary>How deep a bullet is nested (0: top level) and its text.</summary>
    public static (int Depth, string Text) Nesting(string bullet)
    {
        var indent = bullet.Length - bullet.TrimStart(' ').Length;
        return (indent / 2, bullet.Trim());
    }
}

/// <summary>Roles side by side: one column per role, one row per dimension.</summary>
public sealed record ComparisonTable(IReadOnlyList<string> Columns, IReadOnlyList<TableRow> Rows);

public sealed record TableRow(string Dimension, IReadOnlyList<string> Cells);

/// <summary>Where an answer came from: the knowledge file and the articles it draws on.</summary>
public sealed record Citation(string Title, string File, IReadOnlyList<string> Sources);
