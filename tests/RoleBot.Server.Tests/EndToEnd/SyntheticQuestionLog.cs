using RoleBot.Curation.QuestionLog;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// A week of questions as the server would have logged them: a few hundred over seven days and
/// most intents, read by the real engine (so intents, confidences and cited sections are the ones
/// RoleBot gives), slash commands and pressed buttons among them, two clusters of near-duplicate
/// questions it cannot answer (SRE pay in Berlin, whether GitHub is down), a few one-off ones, a
/// hostile one, and 👍/👎 with text. Seeded: the same log every run.
/// </summary>
internal static class SyntheticQuestionLog
{
    public static readonly string[] Answerable =
    [
        "what does an SRE do?", "what is devops", "responsibilities of a cloud engineer", "what does a platform engineer do all day",
        "difference between devops and sre", "sre vs platform engineer", "compare cloud engineer and devops engineer",
        "how do I prepare for an SRE interview", "interview questions for a platform engineer", "devops interview tips",
        "what tools does a devops engineer use", "which tools do SREs use", "tools for cloud engineers",
        "what skills does a platform engineer need", "skills for site reliability engineering", "what should I learn to become a cloud engineer",
        "who writes the runbooks?", "who owns the CI/CD pipeline", "who is responsible for cloud costs", "who handles incident response",
        "what is an SLO", "what does toil mean", "what is an error budget", "what is infrastructure as code",
        "I like automation but hate being on call, which role fits me", "which role suits someone who loves kubernetes",
        "how do SREs work with developers", "how does the platform team collaborate with devops",
        "I'm new here, where do I start", "what roles are there", "hi", "help",
    ];

    public static readonly string[] SalaryInBerlin =
    [
        "how much does an SRE earn in Berlin", "what's the salary of an SRE in Berlin", "SRE salary Berlin",
        "how much do SREs get paid in berlin", "average SRE pay in Berlin?", "how much money do SREs make in Berlin",
        "SRE compensation in Berlin", "what is an SRE's salary in berlin germany",
    ];

    public static readonly string[] GitHubDown =
    [
        "is github down right now", "is GitHub down?", "is there a github outage", "github down right now?",
        "is github having issues today", "github not working for anyone else?",
    ];

    public static readonly string[] OneOffs =
    [
        "can you book a meeting room for me", "what's the lunch menu today", "tell me a joke", "who won the football game",
    ];

    public const string Hostile = "<script>window.__pwned = 1</script> what does \"SRE\" & <b>ops</b> mean? <img src=x onerror=\"window.__pwned = 2\">";

    private static readonly string[] Commands = ["/compare devops sre platform", "/define sre", "/tools platform", "/who runbooks"];
    private static readonly string[] Buttons = ["Interview tips for SREs", "Tools a Platform Engineer uses"];

    /// <summary>How many times each cluster is asked: the report must show these counts.</summary>
    public const int SalaryAsked = 24, GitHubAsked = 15;

    public static async Task WriteAsync(IQuestionStore store, RoleBotEngine engine, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(20261202);
        var entries = new List<LogEntry>();
        var answers = new Dictionary<string, QuestionAsked>(StringComparer.Ordinal);
        var n = 0;
        QuestionAsked Ask(string text, string kind, DateTimeOffset time)
        {
            var user = $"user-{random.Next(40)}";
            var id = $"a{++n:D4}";
            var answer = engine.Ask(text, global::RoleBot.Understanding.Channel.Teams);
            var asked = new QuestionAsked(time, id, random.Next(3) == 0 ? "slack" : "teams", kind, user, $"teams:{user}", text,
                answer.Intent.Id, answer.Roles, Math.Round(answer.Understood.Confidence, 4), answer.Reply.Cited,
                answer.Intent.Id != "unknown" && answer.Reply.Choices.Count == 0);
            entries.Add(asked);
            return asked;
        }
        QuestionAsked Unanswerable(string text, DateTimeOffset time)
        {
            var user = $"user-{random.Next(40)}";
            var asked = new QuestionAsked(time, $"a{++n:D4}", "teams", "typed", user, $"teams:{user}", text, "unknown", [], 0.12 + random.NextDouble() * 0.15, [], false);
            entries.Add(asked);
            return asked;
        }

        var week = Enumerable.Range(0, 7).Select(d => now.UtcDateTime.Date.AddDays(-6 + d)).ToList();
        DateTimeOffset During(int day) => new(week[day].AddMinutes(8 * 60 + random.Next(10 * 60)), TimeSpan.Zero);
        // A working week's shape: a busy Monday, quiet weekend days.
        int[] perWeekday = [9, 61, 52, 47, 44, 38, 12];
        for (var day = 0; day < 7; day++)
            for (var i = 0; i < perWeekday[(int)week[day].DayOfWeek]; i++)
            {
                var r = random.Next(10);
                var text = r < 7 ? Answerable[random.Next(Answerable.Length)] : r < 9 ? Commands[random.Next(Commands.Length)] : Buttons[random.Next(Buttons.Length)];
                var time = During(day);
                if (time > now) time = now.AddMinutes(-random.Next(1, 60));
                Ask(text, r < 7 ? "typed" : r < 9 ? "command" : "button", time);
            }

        var salary = Enumerable.Range(0, SalaryAsked).Select(i => Unanswerable(SalaryInBerlin[i % SalaryInBerlin.Length], Past(now, During(random.Next(7))))).ToList();
        var github = Enumerable.Range(0, GitHubAsked).Select(i => Unanswerable(GitHubDown[i % GitHubDown.Length], Past(now, During(random.Next(7))))).ToList();
        foreach (var q in OneOffs) Unanswerable(q, Past(now, During(random.Next(7))));
        Unanswerable(Hostile, Past(now, During(6)));

        entries.AddRange(Dislike(salary.Take(6), "I wanted actual salary numbers for Berlin"));
        entries.AddRange(Dislike(github.Take(4), "Just tell me whether GitHub is down & where the status page is"));
        var defines = entries.OfType<QuestionAsked>().Where(q => q.Intent == "define" && q.Answered).Take(5).ToList();
        entries.AddRange(Dislike(defines.Take(2), "Too long <b>for</b> a chat reply"));
        entries.AddRange(defines.Skip(2).Select(q => new FeedbackGiven(q.Time.AddMinutes(1), q.Channel, q.User, q.Conversation, q.AnswerId, null, Reaction.Like, null)));

        await store.OpenAsync(ct);
        // Questions first, then feedback: feedback names answers that must already be there.
        await store.WriteAsync(entries.OfType<QuestionAsked>().OrderBy(q => q.Time).ToList(), ct);
        await store.WriteAsync(entries.OfType<FeedbackGiven>().ToList(), ct);
    }

    private static DateTimeOffset Past(DateTimeOffset now, DateTimeOffset t) => t <= now ? t : now.AddMinutes(-5);

    private static IEnumerable<FeedbackGiven> Dislike(IEnumerable<QuestionAsked> answers, string text) =>
        answers.Select(q => new FeedbackGiven(q.Time.AddMinutes(1), q.Channel, q.User, q.Conversation, q.AnswerId, null, Reaction.Dislike, text));
}
