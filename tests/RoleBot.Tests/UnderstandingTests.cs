using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// Messages in the way people really write them, read by meaning: tasks described rather than named,
/// out-of-scope requests that mention a tool or a role, preferences with negation and contrast.
/// These are hand-written here and appear in no example file.
/// </summary>
[Collection("engine")]
public sealed class UnderstandingTests(EngineFixture fixture)
{
    private RoleBotEngine Engine => fixture.Engine;

    [Theory]
    [InlineData("the site is down, who should I page??", "sre", "Incident response and on-call")]
    [InlineData("who do I ask when the build pipeline goes red", "devops", "CI/CD pipelines")]
    [InlineData("we need someone for our terraform and VPCs, which title should we hire", "cloud", null)]
    [InlineData("hey! our aws bill doubled last month and nobody knows why. whose problem is that?", "cloud", "Cloud costs and FinOps")]
    [InlineData("<at>RoleBot</at> someone has to decide how much downtime is acceptable for checkout — who?", "sre", "SLOs, SLIs and error budgets")]
    public void A_task_described_in_other_words_finds_its_owner(string message, string owner, string? task)
    {
        var a = Engine.Ask(message);

        Assert.Equal(Intent.Who, a.Intent);
        Assert.Equal([owner], a.Roles);
        Assert.NotNull(a.Understood.Task);
        if (task is not null) Assert.Equal(task, a.Understood.Task!.Heading);
        Assert.Contains(a.Reply.Citations, c => c.File == "ownership.md");
    }

    /// <summary>
    /// Described so that no section's summary is close, only the ways people ask about the task
    /// (<c>_who-tasks.yaml</c>); and with the roles named as options, which are not the task.
    /// </summary>
    [Theory]
    [InlineData("the disk space warning on the search nodes pages us every night and it's never real. who can make it stop?", "sre", "Monitoring, alerting and observability")]
    [InlineData("we want a way to switch off the new banner instantly if it misbehaves, who builds that in?", "developer", "Feature flags")]
    [InlineData("who fixes a bug in the invoice rounding, us devs or the devops folks?", "developer", "Unit tests, code reviews and bug fixes")]
    public void A_task_only_close_to_how_people_ask_about_it_still_finds_its_owner(string message, string owner, string task)
    {
        var a = Engine.Ask(message);

        Assert.Equal(Intent.Who, a.Intent);
        Assert.Equal([owner], a.Roles);
        Assert.Equal(task, a.Understood.Task?.Heading);
    }

    [Theory]
    [InlineData("first day here 👋 how do I get access to the aws console?", "cloud")]
    [InlineData("new joiner: is there a channel for incidents?", "sre")]
    public void A_newcomer_naming_an_area_without_asking_where_gets_that_team(string message, string role)
    {
        var a = Engine.Ask(message);

        Assert.Equal(Intent.Onboard, a.Intent);
        Assert.Equal([role], a.Roles);
    }

    /// <summary>
    /// Words shared with a section ("start" in chaos engineering) or the newcomer's framing do not
    /// name a task: a question about finding one's way gets the guide, not a team.
    /// </summary>
    [Theory]
    [InlineData("hi! just started, which slack channels should I join?")]
    [InlineData("first day today, where should i even start")]
    [InlineData("new joiner here, is there a list of the help channels somewhere?")]
    [InlineData("started on monday and i get stuck a lot, how do i know which team to ask?")]
    // "slack" is a word we know, not a typo of "stack"; and once the framing is taken away, what is
    // left ("last", "i'm don't", "ones look renamed") is about no task, however close the whole question is to one.
    [InlineData("started here last week, which slack channels should i be in?")]
    [InlineData("new joiner, how do i get help when i'm stuck and don't know whose area it is?")]
    [InlineData("just joined, where's the up to date list of help channels? the ones in the wiki look renamed")]
    public void A_newcomer_asking_nothing_specific_gets_the_general_guide_not_a_team(string message)
    {
        var a = Engine.Ask(message);

        Assert.Equal(Intent.Onboard, a.Intent);
        Assert.Empty(a.Roles);
    }

    [Theory]
    [InlineData("currently a junior backend dev with a bit of linux. how do I become an SRE?", "sre")]
    [InlineData("as a mid-level java developer, what should I learn to move into platform engineering?", "platform")]
    // "currently" is a cue word: not "corrected" into a corpus word ("correctly") before it is read.
    [InlineData("what do I need to learn to become an SRE? I'm currently a frontend developer", "sre")]
    // "work as an SRE" is the role wanted; "currently a developer" the one left behind.
    [InlineData("what do I need to learn to work as an SRE? I'm currently a developer", "sre")]
    public void The_persons_own_background_is_not_the_role_asked_about(string message, string role)
    {
        var a = Engine.Ask(message);

        Assert.Equal(Intent.Skills, a.Intent);
        Assert.Equal([role], a.Roles);
    }

    [Theory]
    [InlineData("is github down for anyone else right now?")]
    [InlineData("can you write me a helm chart for a redis cluster")]
    [InlineData("pls generate terraform for an s3 bucket with versioning")]
    [InlineData("what's the average salary of an SRE in berlin these days")]
    [InlineData("what does a data engineer do all day")]
    [InlineData("tell me a joke about kubernetes")]
    [InlineData("which pizza place near the office is best")]
    [InlineData("who gets paid more, a cloud engineer or a platform engineer?")]
    [InlineData("how much does a devops engineer make in london")]
    [InlineData("i've been a cloud engineer for 4 years and want to move into product management, tips?")]
    [InlineData("as an sre, how would i switch into data science?")]
    [InlineData("how do i become a security analyst after a few years as a devops engineer")]
    public void Out_of_scope_messages_are_declined_politely_even_when_they_name_a_tool_or_role(string message)
    {
        var a = Engine.Ask(message);

        Assert.Equal(Intent.Unknown, a.Intent);
        Assert.Empty(a.Roles);
        Assert.Contains("only answer questions about", a.Reply.ShortAnswer);
        Assert.Empty(a.Reply.Citations);
    }

    /// <summary>
    /// A list after a dislike is disliked too ("terraform, helm charts or pagers"); what the person
    /// turns down is not read as what they want, by the clauses or by the model of whole messages.
    /// </summary>
    [Theory]
    [InlineData("not a fan of terraform, helm charts or pagers at all. i just like building web apps people click on. which role?", "developer")]
    [InlineData("not interested in pipelines or developer portals, i'd rather own the cloud network and accounts underneath everything. which role fits?", "cloud")]
    [InlineData("i'd hate being on call, but give me a clunky release process and i'll automate it end to end. what fits me?", "devops")]
    [InlineData("i'd much rather look after the network and identity layer everything runs on than chase daily feature releases. which role?", "cloud")]
    [InlineData("i enjoy writing deploy scripts way more than building product screens, what should i aim for?", "devops")]
    public void Fit_does_not_count_what_the_person_turns_down(string message, string role)
    {
        var a = Engine.Ask(message);

        Assert.Equal(Intent.Fit, a.Intent);
        Assert.Equal([role], a.Roles);
        Assert.NotEmpty(a.Understood.Dislikes);
    }

    [Fact]
    public void A_word_that_starts_like_a_liking_is_not_a_negated_one()
    {
        // "never had a career in ops": "career" is not "care", so nothing here is disliked.
        var a = Engine.Ask("never had a career in ops but i love writing product features, what fits?");

        Assert.Equal(Intent.Fit, a.Intent);
        Assert.Equal(["developer"], a.Roles);
        Assert.Empty(a.Understood.Dislikes);
    }

    [Fact]
    public void Fit_weighs_what_the_person_dislikes_against_what_they_like()
    {
        var pagerHater = Engine.Ask("I can't stand being paged at night but I love making other developers faster with self-service tooling");
        var pagerLover = Engine.Ask("I love the adrenaline of being paged at night and fixing outages, but I can't stand building internal tooling");

        Assert.Equal(Intent.Fit, pagerHater.Intent);
        Assert.Equal(["platform"], pagerHater.Roles);
        Assert.Equal(Intent.Fit, pagerLover.Intent);
        Assert.Equal(["sre"], pagerLover.Roles);
        Assert.Contains("being paged at night", pagerHater.Understood.Dislikes.Single());
    }

    /// <summary>Roles written with slashes between them are each a role ("devops/sre"), as "CI/CD" stays one term.</summary>
    [Theory]
    [InlineData("sre/devops/platform, what's the actual difference", new[] { "devops", "platform", "sre" })]
    [InlineData("cloud/platform eng - same job or not?", new[] { "cloud", "platform" })]
    [InlineData("/compare devops/sre", new[] { "devops", "sre" })]
    public void Roles_joined_by_slashes_are_compared(string message, string[] roles)
    {
        var a = Engine.Ask(message);

        Assert.Equal(Intent.Compare, a.Intent);
        Assert.Equal(roles, a.Roles.Order());
    }

    [Fact]
    public void Collaboration_questions_are_answered_from_the_collaboration_article_not_with_a_table()
    {
        var a = Engine.Ask("we are a small startup of 12 engineers, do we really need all three of these teams?");

        Assert.Equal(Intent.Collaborate, a.Intent);
        Assert.Null(a.Reply.Table);
        Assert.Contains(a.Reply.Citations, c => c.File == "collaboration.md");
        Assert.Contains("Small companies", a.Reply.Title);
    }

    [Fact]
    public void Confidence_is_lower_for_wrong_readings_than_for_right_ones()
    {
        // The development set: the classifier's probability must carry information about being right.
        var questions = Evaluation.LabelledQuestion.ReadFile(Paths.Data("eval.jsonl")).Concat(Evaluation.LabelledQuestion.ReadFile(Paths.Data("holdout.jsonl"))).ToList();
        var results = questions.Select(q => (Right: Engine.Ask(q.Question).Intent.Id == q.Intent, Engine.Ask(q.Question).Understood.Confidence)).ToList();
        var right = results.Where(r => r.Right).Average(r => r.Confidence);
        var wrong = results.Where(r => !r.Right).Average(r => r.Confidence);

        Assert.True(wrong < right - 0.15, $"mean confidence right {right:F2}, wrong {wrong:F2}");
    }

    [Fact]
    public void A_who_question_that_names_no_task_asks_which_task_instead_of_guessing()
    {
        var a = Engine.Ask("who owns it?");

        Assert.Equal(Intent.Who, a.Intent);
        Assert.Empty(a.Roles);
        Assert.Contains("Which task do you mean?", a.Reply.ShortAnswer);
        Assert.True(a.Understood.Confidence <= 0.5);
    }

    [Theory]
    [InlineData("/compare devops sre")]
    [InlineData("/role platform")]
    [InlineData("/term error budget")]
    [InlineData("thanks!")]
    [InlineData("title:sre^3 OR *")]
    public void Exact_rules_decide_without_the_model(string message)
    {
        var a = Engine.Ask(message);

        // Slash commands, greetings and query syntax never reach the classifier: no vector on the reading.
        Assert.Null(a.Understood.Vector);
        Assert.NotEqual(Intent.Help, a.Intent);
    }

    [Fact]
    public void Help_lists_the_commands_each_channel_registers()
    {
        var teams = Engine.Ask("/help", Channel.Teams).Reply.Sections.Single(s => s.Heading == "Commands").Bullets;
        var slack = Engine.Ask("/help", Channel.Slack).Reply.Sections.Single(s => s.Heading == "Commands").Bullets;

        Assert.Contains(teams, b => b.StartsWith("/who "));
        Assert.DoesNotContain(slack, b => b.StartsWith("/who "));   // Slack's own /who can't be replaced
        Assert.Contains(slack, b => b.StartsWith("/rolebot "));
        Assert.Equal(Engine.Intents.CommandsOn(Channel.Slack).Count(), slack.Count);
    }
}
