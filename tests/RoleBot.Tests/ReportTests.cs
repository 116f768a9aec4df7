using RoleBot.Curation.QuestionLog;
using RoleBot.Curation.Report;
using RoleBot.Evaluation;

namespace RoleBot.Tests;

/// <summary>
/// The curators' report built from a real SQLite questions log: what it groups, which window it
/// reads, what it counts as cited, and the test-case lines it exports.
/// </summary>
[Collection("engine")]
public sealed class ReportTests(EngineFixture fixture) : IAsyncLifetime
{
    private readonly ReportLog _log = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _log.DisposeAsync();

    private async Task<CurationReport> ReportAsync(string since = "7d", double low = ReportSettings.DefaultLowConfidence)
    {
        await _log.WriteAsync();
        Assert.True(ReportWindow.TryParse(since, out var window));
        await using var store = new SqliteQuestionStore(_log.Path);
        return await CurationReport.ReadAsync(store, fixture.Engine, new ReportSettings(_log.Now, window, low), CancellationToken.None);
    }

    private static readonly string[] Salary =
        ["how much does an SRE earn in Berlin", "SRE salary Berlin", "what's the salary of an SRE in Berlin", "how much do SREs get paid in berlin"];

    private static readonly string[] GitHub = ["is github down right now", "is GitHub down?", "is there a github outage"];

    // ---- grouping ----

    [Fact]
    public async Task Rewordings_of_one_unanswered_question_are_one_group_largest_first_and_different_questions_stay_apart()
    {
        foreach (var (q, i) in Salary.Select((q, i) => (q, i))) { _log.Declined(q, user: $"s{i}"); _log.Declined(q, user: $"s{i}"); }
        foreach (var q in GitHub) _log.Declined(q);
        _log.Declined("how much does a devops engineer earn in Munich");
        _log.Declined("what's the weather in berlin tomorrow");
        _log.Declined("tell me a joke");

        var report = await ReportAsync();

        Assert.Equal(5, report.Unsure.Count);
        var salary = report.Unsure[0];
        Assert.Equal(8, salary.Count);
        Assert.Equal(4, salary.People);
        Assert.Equal(Salary.Order(), salary.Members.Select(m => m.Text).Order());
        Assert.Equal(3, salary.Examples().Count());
        var github = report.Unsure[1];
        Assert.Equal(3, github.Count);
        Assert.Equal(GitHub.Order(), github.Members.Select(m => m.Text).Order());
        Assert.All(report.Unsure.Skip(2), g => Assert.Equal(1, g.Count));
        Assert.Equal(14, report.UnsureQuestions);
    }

    [Fact]
    public async Task The_same_words_in_another_case_or_with_other_end_punctuation_are_one_wording()
    {
        _log.Declined("Is GitHub down?");
        _log.Declined("is github down");
        _log.Declined("  is   GITHUB down!! ");

        var group = Assert.Single((await ReportAsync()).Unsure);

        Assert.Equal(3, Assert.Single(group.Members).Count);
    }

    [Fact]
    public void Groups_compare_with_their_centroid_so_a_chain_of_close_neighbours_does_not_become_one_group()
    {
        // a–b and b–c are close (0.8), a–c are not (0.28): b joins a, and c is nearer neither a's group nor a chain.
        var a = Unit(1, 0, 0);
        var b = Unit(0.8f, 0.6f, 0);
        var c = Unit(0.28f, 0.96f, 0);

        var clusters = MeaningGroups.Cluster([a, b, c], 0.75f);

        Assert.Equal([[0, 1], [2]], clusters.Select(k => k.Members.Order().ToList()));
    }

    [Fact]
    public void Groups_that_formed_apart_by_the_order_wordings_came_in_are_merged_when_their_centroids_are_close()
    {
        // c comes first, then a (0.70 from c: a group of its own); b lies between them and pulls the two together.
        var c = Unit(0.96f, 0.28f, 0);
        var a = Unit(0.43f, 0.9f, 0);
        var b = Unit(0.75f, 0.66f, 0);

        var clusters = MeaningGroups.Cluster([c, a, b], 0.75f);

        Assert.Equal([0, 1, 2], Assert.Single(clusters).Members.Order());
    }

    [Fact]
    public async Task Only_typed_questions_declined_or_answered_below_the_low_threshold_are_listed()
    {
        _log.Declined("can you book a meeting room for me");
        _log.Answered("what is toil exactly", intent: "concept", confidence: 0.42);
        _log.Answered("what does an SRE do?", confidence: 0.93);
        _log.Add("/who nobody", "command", "help", 1.0, [], answered: false);
        _log.Add("Interview tips for SREs", "button", "interview", 0.3, [], answered: true);

        var normal = await ReportAsync();
        var strict = await ReportAsync(low: 0.95);

        Assert.Equal(["can you book a meeting room for me", "what is toil exactly"], normal.Unsure.Select(g => g.Examples().Single()).Order());
        Assert.Equal(1, normal.Unsure.Sum(g => g.Declined));
        Assert.Equal(3, strict.Unsure.Count);
        Assert.Equal(5, normal.Questions);
        Assert.Equal(3, normal.Typed);
    }

    [Fact]
    public async Task Each_shown_group_names_the_intent_other_than_unknown_and_the_knowledge_section_that_come_closest()
    {
        foreach (var q in new[] { "what slo should the payments api have", "which SLO target for our payments service?", "what's a good slo target for payments" }) _log.Declined(q);

        var home = Assert.Single((await ReportAsync()).Unsure).Home;

        Assert.NotNull(home);
        Assert.NotEqual("unknown", home.Intent);
        Assert.Contains(home.Intent, fixture.Engine.Intents.Intents.Select(i => i.Intent.Id));
        Assert.InRange(home.Probability, 0.01f, 1f);
        Assert.Contains(home.Topic, fixture.Engine.Knowledge.PassagesByTopic.Keys);
        Assert.Equal("glossary.md", home.File);
        Assert.Matches("^SL[IOA] ", home.Heading);
        Assert.Contains("intent " + home.Intent, TextReport.Home(home));
    }

    // ---- the window ----

    [Fact]
    public async Task Since_reads_whole_utc_days_or_exact_hours_and_nothing_older()
    {
        var today = new DateTimeOffset(_log.Now.UtcDateTime.Date, TimeSpan.Zero);
        _log.Answered("ten days ago", at: today.AddDays(-10));
        _log.Answered("early on the seventh day back", at: today.AddDays(-6).AddMinutes(1));
        _log.Answered("late on the eighth day back", at: today.AddDays(-6).AddMinutes(-1));
        _log.Answered("two hours ago", at: _log.Now.AddHours(-2));
        _log.Answered("just now", at: _log.Now);

        var week = await ReportAsync("7d");
        var day = await ReportAsync("24h");
        var month = await ReportAsync("30d");

        Assert.Equal(3, week.Questions);
        Assert.Equal(7, week.PerDay.Count);
        Assert.Equal(DateOnly.FromDateTime(today.AddDays(-6).UtcDateTime), week.PerDay[0].Day);
        Assert.Equal(1, week.PerDay[0].Total);
        Assert.Equal(_log.Now.AddHours(-2) >= today ? 2 : 1, week.PerDay[^1].Total);
        Assert.Equal(2, day.Questions);
        Assert.Equal(5, month.Questions);
        Assert.Equal(30, month.PerDay.Count);
    }

    [Theory]
    [InlineData("7d", 7, true)]
    [InlineData("24h", 24, false)]
    [InlineData("30d", 30, true)]
    [InlineData(" 1D ", 1, true)]
    public void A_window_is_a_whole_number_of_days_or_hours(string text, int count, bool days)
    {
        Assert.True(ReportWindow.TryParse(text, out var window));
        Assert.Equal(new ReportWindow(count, days), window);
        Assert.Equal(text.Trim().ToLowerInvariant(), window.ToString());
    }

    [Theory]
    [InlineData("7")]
    [InlineData("0d")]
    [InlineData("-1d")]
    [InlineData("2w")]
    [InlineData("1.5d")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_window(string? text) => Assert.False(ReportWindow.TryParse(text, out _));

    // ---- citations ----

    [Fact]
    public async Task Least_cited_starts_with_the_knowledge_sections_never_cited_and_counts_one_citation_per_answer()
    {
        _log.Answered("what does an SRE do?", cited: ["roles/sre.md#Definition", "roles/sre.md#Focus", "roles/sre.md#Definition"]);
        _log.Answered("what is an SRE", cited: ["roles/sre.md#Definition"]);
        _log.Answered("old answer", cited: ["roles/old.md#Gone section"]);

        var citations = (await ReportAsync()).Citations;

        var sections = fixture.Engine.Knowledge.PassagesByTopic.Keys.ToList();
        Assert.Equal(sections.Count - 2, citations.Never.Count);
        Assert.Equal(sections.Where(s => s is not ("roles/sre.md#Definition" or "roles/sre.md#Focus")).Order(StringComparer.Ordinal), citations.Never.Select(s => s.Topic));
        var least = citations.Least(sections.Count).ToList();
        Assert.Equal(sections.Count, least.Count);
        Assert.All(least.Take(citations.Never.Count), s => Assert.Equal(0, s.Count));
        Assert.Equal(["roles/sre.md#Focus", "roles/sre.md#Definition"], least.TakeLast(2).Select(s => s.Topic));
        Assert.Equal(2, citations.Most(1).Single().Count);
        var gone = Assert.Single(citations.Gone);
        Assert.Equal(("roles/old.md", "Gone section", 1), (gone.File, gone.Heading, gone.Count));
        Assert.DoesNotContain(least, s => s.Topic == gone.Topic);
        var sre = citations.Files.Single(f => f.File == "roles/sre.md");
        Assert.Equal(3, sre.Count);
        Assert.Equal(sre.Sections - 2, sre.NeverCited);
    }

    [Fact]
    public void A_heading_may_hold_a_hash_but_a_file_name_does_not()
    {
        Assert.Equal(("glossary.md", "C# and .NET"), CitedSection.Split("glossary.md#C# and .NET"));
    }

    // ---- feedback ----

    [Fact]
    public async Task Disliked_answers_add_up_the_dislikes_of_every_question_that_got_them_with_what_people_wrote()
    {
        var a = _log.Answered("what does an SRE do?", roles: ["sre"]);
        var b = _log.Answered("what is an SRE", roles: ["sre"]);
        var c = _log.Answered("what is devops", roles: ["devops"], cited: ["roles/devops.md#Definition"]);
        _log.Feedback(a, Reaction.Dislike, "Too long");
        _log.Feedback(a, Reaction.Dislike, "too long", user: "u3");
        _log.Feedback(b, Reaction.Dislike, "No salary numbers");
        _log.Feedback(b, Reaction.Like, user: "u4");
        _log.Feedback(c, Reaction.Dislike);
        _log.Feedback(c, Reaction.Like, user: "u5");
        _log.Feedback(c, Reaction.Like, user: "u6");

        var report = await ReportAsync();
        var disliked = report.Disliked;

        Assert.Equal(4, report.Dislikes);
        Assert.Equal(2, disliked.Count);
        var sre = disliked[0];
        Assert.Equal((3, 1, 2), (sre.Dislikes, sre.Likes, sre.Asked));
        Assert.Equal(["sre"], sre.Roles);
        Assert.Equal("what does an SRE do?", sre.Questions[0]);
        Assert.Equal([2, 1], sre.Feedback.Select(f => f.Count));
        Assert.Equal("too long", sre.Feedback[0].Text, ignoreCase: true);
        Assert.Equal("No salary numbers", sre.Feedback[1].Text);
        Assert.Equal((1, 2), (disliked[1].Dislikes, disliked[1].Likes));
        Assert.Empty(disliked[1].Feedback);
    }

    // ---- JSON lines ----

    [Fact]
    public async Task Jsonl_writes_each_unanswered_wording_once_as_a_labelled_question_with_the_intent_left_empty()
    {
        const string hostile = "<script>alert(1)</script> what's \"toil\" & \\ why?";
        foreach (var q in Salary) _log.Declined(q);
        _log.Declined(Salary[0]);
        _log.Declined("is the devops team's github down");
        _log.Declined(hostile);
        _log.Answered("what does an SRE do?");

        var report = await ReportAsync();
        var output = new StringWriter();
        await JsonlExport.WriteAsync(report, fixture.Engine, output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Salary.Length + 2, lines.Length);
        Assert.Matches("""^\{"q": ".+", "intent": "", "roles": \[("[a-z]+"(, "[a-z]+")*)?\]\}$""", lines[0]);
        var file = _log.Path + ".jsonl";
        try
        {
            await File.WriteAllLinesAsync(file, lines);
            var labelled = LabelledQuestion.ReadFile(file);
            Assert.All(labelled, q => Assert.Equal("", q.Intent));
            Assert.Equal(Salary.Order().Append("is the devops team's github down").Append(hostile).Order(),
                labelled.Select(q => q.Question).Order());
            Assert.Equal(Salary.Length, labelled.Select(q => q.Question).Take(Salary.Length).Intersect(Salary).Count());
            Assert.All(labelled.Take(Salary.Length), q => Assert.Equal(["sre"], q.Roles));
            Assert.Equal(["devops"], labelled.Single(q => q.Question.Contains("github")).Roles);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_jsonl_line_keeps_the_spacing_of_the_hand_written_files_and_sorts_its_roles()
    {
        Assert.Equal("""{"q": "sre \"pay\" in Köln?", "intent": "", "roles": ["devops", "sre"]}""", JsonlExport.Line("sre \"pay\" in Köln?", ["sre", "devops", "sre"]));
    }

    private static float[] Unit(params float[] v)
    {
        var length = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / length).ToArray();
    }
}
