using System.Text.RegularExpressions;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>"In one sentence", "tl;dr": the answer is at most two sentences, with no table or sections.</summary>
[Collection("engine")]
public sealed class BrevityTests(EngineFixture fixture)
{
    [Theory]
    [InlineData("in one sentence, what does an SRE do?", "define")]
    [InlineData("tl;dr devops vs sre", "compare")]
    [InlineData("briefly: what is an error budget?", "concept")]
    [InlineData("short version please - who owns the CI/CD pipelines?", "who")]
    [InlineData("what's a platform engineer, in a nutshell", "define")]
    public void A_request_for_brevity_gets_at_most_two_sentences_and_no_table(string message, string intent)
    {
        var a = fixture.Engine.Ask(message);

        Assert.Equal(intent, a.Intent.Id);
        Assert.Null(a.Reply.Table);
        Assert.Empty(a.Reply.Sections);
        var sentences = Regex.Split(a.Reply.ShortAnswer.Trim(), @"(?<=[.!?])\s+").Where(s => s.Length > 0).ToList();
        Assert.InRange(sentences.Count, 1, 2);
        Assert.True(PlainTextRenderer.Render(a.Reply).Length < PlainTextRenderer.Render(fixture.Engine.Ask(Regex.Replace(message, @"in one sentence,|tl;dr|briefly:|short version please -|, in a nutshell", "").Trim()).Reply).Length);
    }

    private static int ContentLength(RoleBot.Answers.Reply r) =>
        r.Title.Length + r.ShortAnswer.Length + r.Sections.Sum(s => s.Heading.Length + (s.Text?.Length ?? 0) + s.Bullets.Sum(b => b.Length + 4));

    [Fact]
    public void By_default_a_single_role_answer_fits_a_phone_screen_and_in_detail_gives_the_long_form()
    {
        var questions = RoleBot.Evaluation.LabelledQuestion.ReadFile(Paths.Data("eval.jsonl"))
            .Where(q => q.Intent is "define" or "tools" or "skills" or "interview" or "concept" or "who").Select(q => q.Question).ToList();
        Assert.True(questions.Count > 100);
        foreach (var q in questions)
        {
            var a = fixture.Engine.Ask(q);
            Assert.True(ContentLength(a.Reply) <= RoleBot.Answers.ScreenFit.Budget, $"\"{q}\": {ContentLength(a.Reply)} characters");
            Assert.True(a.Reply.Sections.Count <= 3, $"\"{q}\": {a.Reply.Sections.Count} sections");
        }
        var full = fixture.Engine.Ask("what does an SRE do, in detail?");
        Assert.True(ContentLength(full.Reply) > ContentLength(fixture.Engine.Ask("what does an SRE do?").Reply));
    }

    [Fact]
    public void The_bullet_that_answers_the_question_survives_the_cut()
    {
        var a = fixture.Engine.Ask("what does an sre do about postmortems and runbooks day to day?");
        Assert.Contains(a.Reply.Sections.SelectMany(s => s.Bullets), b => b.Contains("postmortem", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(a.Reply.Sections.SelectMany(s => s.Bullets), b => b.Contains("runbook", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("sre vs devops tools", "Tools")]
    [InlineData("how do the skills of a cloud engineer and a platform engineer compare?", "Skills")]
    [InlineData("devops vs sre: what does each one own?", "Owns")]
    public void A_comparison_that_names_a_dimension_shows_only_that_row(string message, string row)
    {
        var a = fixture.Engine.Ask(message);
        Assert.Equal("compare", a.Intent.Id);
        Assert.Equal([row], a.Reply.Table!.Rows.Select(r => r.Dimension));
    }

    [Fact]
    public void Comparison_cells_and_summaries_are_whole_sentences_without_the_role_repeated()
    {
        var a = fixture.Engine.Ask("/compare cloud platform devops sre");
        Assert.DoesNotContain("…", a.Reply.ShortAnswer);
        Assert.Equal(6, a.Reply.Table!.Rows.Count);
        foreach (var cell in a.Reply.Table.Rows.SelectMany(r => r.Cells))
        {
            Assert.DoesNotContain("…", cell);
            Assert.EndsWith(".", cell);
            Assert.DoesNotMatch(@"^(A|An) (Cloud|Platform|DevOps|SRE)", cell);
        }
    }

    [Theory]
    [InlineData("what tools do sre and devops use?")]
    [InlineData("skills for platform and cloud engineers?")]
    [InlineData("what does an SRE do?")]
    [InlineData("how do I prepare for an SRE interview?")]
    public void The_short_answer_is_never_repeated_as_a_section(string message)
    {
        var a = fixture.Engine.Ask(message);
        Assert.DoesNotContain(a.Reply.Sections, s => s.Text == a.Reply.ShortAnswer);
        Assert.DoesNotContain(a.Reply.Sections, s => s.Heading.Contains(": ", StringComparison.Ordinal));
    }
}
