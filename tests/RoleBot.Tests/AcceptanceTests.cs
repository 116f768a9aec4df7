using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>The questions the issue's acceptance names, each with the right kind of answer, citations and follow-ups.</summary>
[Collection("engine")]
public sealed class AcceptanceTests(EngineFixture fixture)
{
    private RoleBotEngine Engine => fixture.Engine;

    [Fact]
    public void What_does_an_SRE_do_is_a_definition_of_the_SRE_role()
    {
        var a = Engine.Ask("what does an SRE do?");
        Assert.Equal(Intent.Define, a.Intent);
        Assert.Equal(["sre"], a.Roles);
        Assert.Contains("reliab", a.Reply.ShortAnswer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(a.Reply.Citations, c => c.File == "roles/sre.md");
        Assert.InRange(a.Reply.Suggestions.Count, 2, 3);
        Assert.Contains(a.Reply.Suggestions, s => s.Label.Contains("Interview", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Compare_three_roles_is_a_table_over_the_same_dimensions()
    {
        var a = Engine.Ask("/compare devops sre platform");
        Assert.Equal(Intent.Compare, a.Intent);
        Assert.Equal(["devops", "platform", "sre"], a.Roles);
        var table = a.Reply.Table!;
        Assert.Equal(["DevOps", "SRE", "Platform"], table.Columns);
        Assert.Equal(["Focus", "Owns", "Tools", "Skills", "Success looks like", "Interview focus"], table.Rows.Select(r => r.Dimension));
        Assert.All(table.Rows, r => Assert.All(r.Cells, c => Assert.NotEqual("—", c)));
        Assert.Contains(a.Reply.Citations, c => c.File == "roles/platform.md");
        Assert.InRange(a.Reply.Suggestions.Count, 2, 3);
    }

    [Fact]
    public void Cloud_interview_question_gives_interview_preparation()
    {
        var a = Engine.Ask("how do I prepare for a cloud engineer interview");
        Assert.Equal(Intent.Interview, a.Intent);
        Assert.Equal(["cloud"], a.Roles);
        Assert.Contains(a.Reply.Citations, c => c.File == "roles/cloud.md");
        var text = PlainTextRenderer.Render(a.Reply);
        Assert.Contains("?", text); // typical questions are listed
        Assert.InRange(a.Reply.Suggestions.Count, 2, 3);
    }

    [Fact]
    public void Who_writes_the_runbooks_is_the_SRE()
    {
        var a = Engine.Ask("who writes the runbooks?");
        Assert.Equal(Intent.Who, a.Intent);
        Assert.Equal(["sre"], a.Roles);
        Assert.Contains("runbook", a.Reply.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(a.Reply.Citations, c => c.File == "ownership.md");
        Assert.InRange(a.Reply.Suggestions.Count, 2, 3);
    }

    [Fact]
    public void What_is_GitOps_is_a_glossary_answer()
    {
        var a = Engine.Ask("what is GitOps");
        Assert.Equal(Intent.Concept, a.Intent);
        Assert.Equal(["devops"], a.Roles);
        Assert.Equal("GitOps", a.Reply.Title);
        Assert.Contains("Git", a.Reply.ShortAnswer);
        Assert.Contains(a.Reply.Citations, c => c.File == "glossary.md");
        Assert.InRange(a.Reply.Suggestions.Count, 2, 3);
    }

    [Fact]
    public void The_weather_is_out_of_scope_and_said_so_politely()
    {
        var a = Engine.Ask("what's the weather");
        Assert.Equal(Intent.Unknown, a.Intent);
        Assert.Empty(a.Roles);
        Assert.StartsWith("Sorry", a.Reply.ShortAnswer);
        Assert.InRange(a.Reply.Suggestions.Count, 2, 3);
    }

    [Theory]
    [InlineData("SREs", "sre")]
    [InlineData("site reliability", "sre")]
    [InlineData("platform eng", "platform")]
    [InlineData("devps", "devops")]
    [InlineData("PLATFROM ENGINEERS", "platform")]
    [InlineData("cloud engineers", "cloud")]
    [InlineData("software developers", "developer")]
    public void Role_names_are_recognised_through_aliases_plurals_casing_and_typos(string name, string role)
    {
        var a = Engine.Ask($"what do {name} do?");
        Assert.Equal(Intent.Define, a.Intent);
        Assert.Equal([role], a.Roles);
    }

    [Fact]
    public void Two_tasks_that_score_alike_get_a_did_you_mean_instead_of_a_guess()
    {
        // Made deliberately vague: it names words from two different tasks.
        var a = Engine.Ask("who owns pipelines and alerting?");
        if (a.Reply.Choices.Count > 0)
        {
            Assert.Equal("Did you mean…?", a.Reply.Title);
            Assert.True(a.Reply.Choices.Count >= 2);
            Assert.All(a.Reply.Choices, c => Assert.StartsWith("who owns", c.Message));
        }
        else
        {
            Assert.Equal(Intent.Who, a.Intent);
            Assert.Single(a.Roles);
        }
    }

    [Fact]
    public void An_unknown_word_close_to_a_role_offers_choices()
    {
        var a = Engine.Ask("tell me about sra");
        Assert.Equal(Intent.Unknown, a.Intent);
        Assert.Contains(a.Reply.Choices, c => c.Label.Contains("Site Reliability Engineer"));
    }

    [Theory]
    [InlineData("/compare devops", "Name two to four roles")]
    [InlineData("/compare devops astronaut", "Name two to four roles")]
    [InlineData("/role astronaut", "astronaut")]
    [InlineData("/who", "task")]
    [InlineData("/frobnicate", "/frobnicate")]
    public void Bad_command_arguments_get_a_helpful_usage_reply(string command, string expected)
    {
        var a = Engine.Ask(command);
        var text = PlainTextRenderer.Render(a.Reply);
        Assert.Contains(expected, text);
        Assert.Contains(a.Reply.Suggestions, s => s.Message.StartsWith('/'));
    }
}

[Collection("engine")]
public sealed class FollowUpTests(EngineFixture fixture)
{
    [Fact]
    public void Every_answer_ends_with_two_or_three_follow_ups_or_asks_did_you_mean()
    {
        var questions = RoleBot.Evaluation.LabelledQuestion.ReadFile(Paths.Data("eval.jsonl"));
        var wrong = new List<string>();
        foreach (var q in questions)
        {
            var reply = fixture.Engine.Ask(q.Question).Reply;
            if (reply.Choices.Count > 0) continue;
            if (reply.Suggestions.Count is < 2 or > 3 || reply.Suggestions.Select(s => s.Message).Distinct().Count() != reply.Suggestions.Count)
                wrong.Add($"{q.Question}: {string.Join(" | ", reply.Suggestions.Select(s => s.Label))}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_follow_up_is_itself_answered_in_scope()
    {
        var seen = new HashSet<string>();
        foreach (var q in new[] { "what does an SRE do?", "/compare devops sre platform", "/interview cloud", "/tools developer", "/skills platform", "/fit", "/fit I love outages", "who writes the runbooks?", "what is GitOps", "how do devops and sre work together?", "/roles", "help", "hi", "what's the weather" })
            foreach (var s in fixture.Engine.Ask(q).Reply.Suggestions)
            {
                if (!seen.Add(s.Message)) continue;
                var answer = fixture.Engine.Ask(s.Message);
                Assert.True(answer.Intent != RoleBot.Understanding.Intent.Unknown, $"follow-up '{s.Message}' (from '{q}') is not understood");
            }
    }
}
