namespace RoleBot.Curation.QuestionLog;

/// <summary>
/// One thing to write to the questions log. Entries carry the channel's raw ids only in memory, on
/// their way to the store, which keeps nothing but keyed hashes of them (<see cref="IdHasher"/>).
/// </summary>
public abstract record LogEntry(DateTimeOffset Time);

/// <summary>A message RoleBot answered (typed, a slash command or a pressed button).</summary>
/// <param name="AnswerId">Ours, unique per answer: feedback and sent messages point at it.</param>
/// <param name="Kind">"typed", "command" or "button".</param>
/// <param name="Conversation">The channel's conversation id, prefixed by the channel ("teams:19:…").</param>
/// <param name="Cited">The passages the answer cites, as "file#heading".</param>
/// <param name="Answered">False when RoleBot declined or asked "Did you mean …?" instead of answering.</param>
public sealed record QuestionAsked(
    DateTimeOffset Time,
    string AnswerId,
    string Channel,
    string Kind,
    string? User,
    string? Conversation,
    string Question,
    string Intent,
    IReadOnlyList<string> Roles,
    double Confidence,
    IReadOnlyList<string> Cited,
    bool Answered) : LogEntry(Time);

/// <summary>The channel's own id for the message that carried an answer (a Bot Framework activity id, a Slack ts).</summary>
public sealed record AnswerSent(DateTimeOffset Time, string AnswerId, string? Conversation, string MessageId) : LogEntry(Time);

/// <summary>
/// A 👍 or 👎. It names its answer by our id when the channel echoes it back (Slack's button value,
/// the chat page), else by the channel's message id, else it belongs to the conversation's latest
/// answer (the Agents Playground sends neither). A second reaction from the same person replaces
/// the first; text given later ("What were you looking for?") is added to it.
/// </summary>
public sealed record FeedbackGiven(
    DateTimeOffset Time,
    string Channel,
    string? User,
    string? Conversation,
    string? AnswerId,
    string? MessageId,
    Reaction Reaction,
    string? Text) : LogEntry(Time)
{
    /// <summary>Feedback that found no answer is tried once more a little later: the message id may still be on its way.</summary>
    public bool Retried { get; init; }
}

public enum Reaction { Like, Dislike }

public static class Reactions
{
    public static string Name(Reaction r) => r == Reaction.Like ? "like" : "dislike";

    public static Reaction? Parse(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "like" or "positive" or "up" or "+1" => Reaction.Like,
        "dislike" or "negative" or "down" or "-1" => Reaction.Dislike,
        _ => null,
    };
}

/// <summary>What writing a feedback entry came to: the answer's intent, or null when no answer matched.</summary>
public sealed record FeedbackOutcome(Reaction Reaction, string? Intent)
{
    /// <summary>A new reaction from this person on this answer (not text added to one already given).</summary>
    public bool Changed { get; init; } = true;
}
