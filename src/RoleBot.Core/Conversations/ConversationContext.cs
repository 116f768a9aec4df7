using RoleBot.Understanding;

namespace RoleBot.Conversations;

/// <summary>
/// What a conversation was last about, so that "and their tools?" or "who owns it?" can be answered:
/// the last answered intent, the roles it was about, its topic (a glossary term or an ownership task)
/// and the roles talked about before those ("the other one"). Small and plain, so that a shared store
/// (Redis) can keep it as JSON.
/// </summary>
public sealed record ConversationContext(
    string Intent,
    IReadOnlyList<string> Roles,
    string? Topic,
    IReadOnlyList<string> EarlierRoles)
{
    /// <summary>The follow-ups and choices the last answer offered: typing one's label back means pressing it.</summary>
    public IReadOnlyList<Suggestion> Offered { get; init; } = [];

    /// <summary>The offered follow-up whose label <paramref name="typed"/> repeats, if any.</summary>
    public Suggestion? OfferedAs(string? typed)
    {
        var key = Normalize(typed);
        return key.Length == 0 ? null : Offered.FirstOrDefault(o => Normalize(o.Label) == key);
    }

    private static string Normalize(string? text) =>
        new string((text ?? "").ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c == ' ').ToArray()).Trim();

    /// <summary>The context after an answer: a question that named roles or a topic replaces them.</summary>
    public static ConversationContext? After(ConversationContext? previous, Understood understood, string? topic)
    {
        // Greetings, help, "Did you mean" and declines leave the conversation where it was.
        if (understood.Choices.Count > 0 || understood.Intent == Understanding.Intent.Unknown
            || understood.Intent == Understanding.Intent.Greeting || understood.Intent == Understanding.Intent.Help)
            return previous;
        var roles = understood.Roles.Count > 0 ? understood.Roles : previous?.Roles ?? [];
        var earlier = previous is null ? [] : previous.Roles.Concat(previous.EarlierRoles).Where(r => !roles.Contains(r)).Distinct().Take(6).ToList();
        return new ConversationContext(understood.Intent.Id, roles.ToList(), topic ?? (understood.Roles.Count == 0 ? previous?.Topic : null), earlier);
    }
}
