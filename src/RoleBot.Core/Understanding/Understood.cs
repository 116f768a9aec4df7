using RoleBot.Knowledge;

namespace RoleBot.Understanding;

/// <summary>
/// A follow-up or a "Did you mean" choice: the label shown, the message it stands for (what a
/// text-only client sends, a slash command where one exists) and, once the engine has read it, the
/// <see cref="Understanding.Reading"/> a press is answered from exactly.
/// </summary>
public sealed record Suggestion(string Label, string Message)
{
    public Reading? Reading { get; init; }
}

/// <summary>
/// The reading of one message: its intent, the roles it names (or that answer it), how sure we are,
/// and what else the answer needs (the glossary term, the task, the words that carry preferences).
/// </summary>
public sealed record Understood(
    Intent Intent,
    IReadOnlyList<string> Roles,
    double Confidence,
    string Text)
{
    /// <summary>The glossary passage a <see cref="Intent.Concept"/> question is about.</summary>
    public Passage? Term { get; init; }

    /// <summary>The ownership passage a <see cref="Intent.Who"/> question resolved to.</summary>
    public Passage? Task { get; init; }

    /// <summary>When not empty, RoleBot asks "Did you mean …?" with these instead of guessing.</summary>
    public IReadOnlyList<Suggestion> Choices { get; init; } = [];

    /// <summary>The slash command the message came as, if any (e.g. "compare").</summary>
    public string? Command { get; init; }

    /// <summary>The message's sentence embedding, when it was read by meaning: answers search with it too.</summary>
    public float[]? Vector { get; init; }

    /// <summary>Fit only: the two roles in <see cref="Roles"/> fit equally well.</summary>
    public bool Tie { get; init; }

    /// <summary>Fit only: what the person said they don't want ("being paged at night").</summary>
    public IReadOnlyList<string> Dislikes { get; init; } = [];

    /// <summary>A problem with the command's arguments to explain (e.g. "/compare" with one role).</summary>
    public string? Problem { get; init; }
}
