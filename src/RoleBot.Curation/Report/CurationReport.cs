using RoleBot.Curation.QuestionLog;
using RoleBot.Meaning;

namespace RoleBot.Curation.Report;

public sealed record DayCount(DateOnly Day, int Answered, int Unanswered)
{
    public int Total => Answered + Unanswered;
}

public sealed record IntentCount(string Intent, int Count);

/// <summary>
/// What the questions log says about the knowledge over a window: the document every rendering
/// (text, HTML, JSON lines) is drawn from, so they never disagree.
/// </summary>
/// <param name="Unsure">Typed questions RoleBot declined, asked "Did you mean" about, or answered below
/// <see cref="ReportSettings.LowConfidence"/>, grouped by meaning, largest first. Commands and buttons are
/// left out: they are read by exact rules, so a low confidence there says nothing about the knowledge.</param>
public sealed record CurationReport(
    ReportSettings Settings,
    int Questions,
    int Typed,
    int Unanswered,
    int Dislikes,
    IReadOnlyList<DayCount> PerDay,
    IReadOnlyList<IntentCount> PerIntent,
    IReadOnlyList<QuestionGroup> Unsure,
    IReadOnlyList<DislikedAnswer> Disliked,
    CitationCounts Citations)
{
    public int UnsureQuestions => Unsure.Sum(g => g.Count);
    public IEnumerable<QuestionGroup> ShownGroups => Unsure.Take(Settings.Groups);

    public static async Task<CurationReport> ReadAsync(IQuestionStore store, RoleBotEngine engine, ReportSettings settings, CancellationToken ct)
    {
        await store.OpenAsync(ct);
        return Build(await store.ReadSinceAsync(settings.From, ct), engine, settings);
    }

    public static CurationReport Build(IReadOnlyList<LoggedQuestion> log, RoleBotEngine engine, ReportSettings settings)
    {
        var rows = log.Where(q => q.Time >= settings.From && q.Time <= settings.Now).ToList();
        var groups = MeaningGroups.Of(rows.Where(q => IsUnsure(q, settings)), texts => SentenceEmbedder.Shared.EmbedBatch(texts))
            .Select((g, i) => i < settings.Groups ? g with { Home = GroupHome.Find(g, engine) } : g)
            .ToList();
        return new CurationReport(settings, rows.Count, rows.Count(q => q.Kind == "typed"), rows.Count(q => !q.Answered),
            rows.Sum(q => q.Feedback.Count(f => f.Reaction == Reaction.Dislike)), CountDays(rows, settings), CountIntents(rows), groups, DislikedAnswers.Of(rows), CitationCounts.Of(rows, engine.Knowledge.Passages));
    }

    public static bool IsUnsure(LoggedQuestion q, ReportSettings settings) =>
        q.Kind == "typed" && (!q.Answered || q.Confidence < settings.LowConfidence);

    /// <summary>Every UTC day of the window, those without a question too: a quiet day is news as well.</summary>
    private static List<DayCount> CountDays(List<LoggedQuestion> rows, ReportSettings settings)
    {
        var byDay = rows.GroupBy(q => DateOnly.FromDateTime(q.Time.UtcDateTime)).ToDictionary(g => g.Key);
        var days = new List<DayCount>();
        for (var day = DateOnly.FromDateTime(settings.From.UtcDateTime); day <= DateOnly.FromDateTime(settings.Now.UtcDateTime); day = day.AddDays(1))
            days.Add(byDay.TryGetValue(day, out var g) ? new DayCount(day, g.Count(q => q.Answered), g.Count(q => !q.Answered)) : new DayCount(day, 0, 0));
        return days;
    }

    private static List<IntentCount> CountIntents(List<LoggedQuestion> rows) => rows
        .GroupBy(q => q.Intent, StringComparer.Ordinal)
        .Select(g => new IntentCount(g.Key, g.Count()))
        .OrderByDescending(c => c.Count).ThenBy(c => c.Intent, StringComparer.Ordinal)
        .ToList();
}
