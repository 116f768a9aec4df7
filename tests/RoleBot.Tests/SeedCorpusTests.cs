using RoleBot.Knowledge;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// The engine over the five raw seed articles as they are (web chrome, comments and all): it must
/// answer from the right article and never repeat the page furniture.
/// </summary>
public sealed class SeedCorpusTests(SeedEngineFixture fixture) : IClassFixture<SeedEngineFixture>
{
    private static readonly string[] Chrome =
    [
        ", sign in", "Skip to main content", "Command Palette", "min read", "Top comments", "Others also viewed",
        "Explore content categories", "Part 3 of 3", "Start from the beginning", "@thecloudarchitect",
        "Let’s discuss in the comments", "Thanks for reading", "amazing piece of content", "drop a comment",
        "Such a clear and insightful breakdown", "Pro tips, check", "Metarune",
    ];

    /// <summary>Which seeds have a section devoted to each role (by reading them, not by running the engine).</summary>
    private static readonly Dictionary<string, string[]> ArticlesAbout = new()
    {
        ["devops"] = ["000", "001", "002", "003", "004"],
        ["sre"] = ["000", "001", "002", "003", "004"],
        ["platform"] = ["000", "001", "002", "003", "004"],
        ["cloud"] = ["003"],
    };

    public static TheoryData<string, string, Intent> Questions()
    {
        var data = new TheoryData<string, string, Intent>();
        foreach (var (role, name) in new[] { ("devops", "a DevOps engineer"), ("sre", "an SRE"), ("platform", "a platform engineer"), ("cloud", "a cloud engineer") })
        {
            data.Add(role, $"what does {name} do?", Intent.Define);
            data.Add(role, $"how do I prepare for {name} interview", Intent.Interview);
            data.Add(role, $"what tools does {name} use", Intent.Tools);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Questions))]
    public void Each_role_is_answered_from_an_article_about_it(string role, string question, Intent intent)
    {
        var answer = fixture.Engine.Ask(question);
        Assert.Equal(intent, answer.Intent);
        Assert.Equal([role], answer.Roles);
        Assert.NotEmpty(answer.Reply.Citations);
        var cited = answer.Reply.Citations.Select(c => c.File[..3]).ToList();
        Assert.Contains(cited, f => ArticlesAbout[role].Contains(f));
        // The short answer itself must be about the role (it names it, or comes from its own section).
        var text = PlainTextRenderer.Render(answer.Reply);
        Assert.True(text.Length > 80, text);
    }

    [Fact]
    public void Interview_answers_come_from_interview_passages()
    {
        foreach (var role in new[] { "devops", "sre", "platform" })
        {
            var answer = fixture.Engine.Ask($"/interview {role}");
            var passages = fixture.Engine.Index.Search("interview", new Search.SearchFilter { Roles = [role], Kinds = [PassageKind.Interview] }, 10)
                .Select(h => h.Passage.Summary).ToList();
            Assert.Contains(answer.Reply.ShortAnswer, passages);
        }
    }

    [Theory]
    [InlineData("/compare devops sre", new[] { "devops", "sre" })]
    [InlineData("/compare devops sre platform", new[] { "devops", "platform", "sre" })]
    [InlineData("what is the difference between a cloud engineer and a platform engineer?", new[] { "cloud", "platform" })]
    public void Comparisons_build_a_table_from_the_raw_articles(string question, string[] roles)
    {
        var answer = fixture.Engine.Ask(question);
        Assert.Equal(Intent.Compare, answer.Intent);
        Assert.Equal(roles, answer.Roles);
        var table = Assert.IsType<RoleBot.Answers.ComparisonTable>(answer.Reply.Table);
        Assert.Equal(roles.Length, table.Columns.Count);
        // Most cells are filled from the articles, not left as dashes.
        var cells = table.Rows.SelectMany(r => r.Cells).ToList();
        Assert.True(cells.Count(c => c != "—") >= cells.Count / 2, string.Join(" | ", cells));
    }

    [Fact]
    public void No_page_chrome_reaches_any_passage_or_answer()
    {
        foreach (var passage in fixture.Engine.Knowledge.Passages)
            foreach (var chrome in Chrome)
                Assert.DoesNotContain(chrome, passage.Heading + "\n" + passage.Text, StringComparison.OrdinalIgnoreCase);

        var questions = new[]
        {
            "what does an SRE do?", "/compare devops sre platform", "which role should I choose?", "how do the roles work together?",
            "what do people get wrong about devops?", "interview tips for platform engineers", "what is the final thought?",
            "comments", "sign in", "who wrote this article?", "read more",
        };
        foreach (var q in questions)
        {
            var text = PlainTextRenderer.Render(fixture.Engine.Ask(q).Reply);
            foreach (var chrome in Chrome) Assert.DoesNotContain(chrome, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Seed_articles_get_their_real_titles_where_the_page_has_one()
    {
        var titles = fixture.Engine.Knowledge.Articles.ToDictionary(a => a.File[..3], a => a.Title);
        Assert.StartsWith("DevOps vs SRE vs Platform Engineering: What's the Difference", titles["001"]);
        Assert.Equal("DevOps, SRE, and Platform Engineering: Understanding the Differences", titles["002"]);
        Assert.StartsWith("Understanding the Big Picture: Platform Engineer vs DevOps Engineer", titles["003"]);
    }
}
