namespace RoleBot.Curation.QuestionLog;

/// <summary>A question as the log keeps it, with the feedback given on its answer: what the report reads.</summary>
public sealed record LoggedQuestion(
    string AnswerId,
    DateTimeOffset Time,
    string Channel,
    string Kind,
    string UserHash,
    string ConversationHash,
    string Question,
    string Intent,
    IReadOnlyList<string> Roles,
    double Confidence,
    IReadOnlyList<string> Cited,
    bool Answered)
{
    public IReadOnlyList<LoggedFeedback> Feedback { get; init; } = [];
}

public sealed record LoggedFeedback(Reaction Reaction, string? Text, DateTimeOffset Time, string UserHash);
