using RoleBot.Curation.QuestionLog;

namespace RoleBot.Curation.Report;

/// <summary>
/// One answer as people met it: the same intent, roles and cited sections make the same answer,
/// whichever wording asked for it, so its 👎 add up to what the answer itself is worth.
/// </summary>
/// <param name="Questions">The wordings that got it, most disliked first.</param>
/// <param name="Feedback">What the people who disliked it wrote, the most often written first.</param>
public sealed record DislikedAnswer(
    string Intent, IReadOnlyList<string> Roles, IReadOnlyList<string> Cited,
    int Dislikes, int Likes, int Asked, IReadOnlyList<string> Questions, IReadOnlyList<FeedbackText> Feedback);

/// <summary>One thing people wrote about an answer, and how many wrote it.</summary>
public sealed record FeedbackText(string Text, int Count);

public static class DislikedAnswers
{
    public static IReadOnlyList<DislikedAnswer> Of(IEnumerable<LoggedQuestion> questions, int count = 10) => questions
        .GroupBy(AnswerKey, StringComparer.Ordinal)
        .Select(Summarise)
        .Where(a => a.Dislikes > 0)
        .OrderByDescending(a => a.Dislikes).ThenBy(a => a.Likes).ThenBy(a => a.Intent, StringComparer.Ordinal)
        .Take(count)
        .ToList();

    private static string AnswerKey(LoggedQuestion q) => q.Intent + "|" + string.Join(",", q.Roles.Order(StringComparer.Ordinal)) + "|" + string.Join("\n", q.Cited);

    private static DislikedAnswer Summarise(IGrouping<string, LoggedQuestion> answer)
    {
        var first = answer.First();
        var dislikes = answer.SelectMany(q => q.Feedback).Where(f => f.Reaction == Reaction.Dislike).ToList();
        var questions = answer
            .GroupBy(q => MeaningGroups.Key(q.Question), StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(q => q.Feedback.Count(f => f.Reaction == Reaction.Dislike))).ThenByDescending(g => g.Count())
            .Select(g => g.First().Question)
            .Take(3)
            .ToList();
        var feedback = dislikes.Where(f => !string.IsNullOrWhiteSpace(f.Text))
            .GroupBy(f => f.Text!.Trim(), StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(f => f.Time))
            .Select(g => new FeedbackText(g.Key, g.Count()))
            .ToList();
        return new DislikedAnswer(first.Intent, first.Roles, first.Cited, dislikes.Count,
            answer.Sum(q => q.Feedback.Count(f => f.Reaction == Reaction.Like)), answer.Count(), questions, feedback);
    }
}
