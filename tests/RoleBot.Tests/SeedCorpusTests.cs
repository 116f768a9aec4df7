using System.Text.RegularExpressions;
using Markdig.Syntax;
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

    /// <summary>No org file and no ownership sections in raw articles: the owner named by the prose, as a role.</summary>
    [Theory]
    [InlineData("new here, where do I ask about getting access to our aws account?", "cloud")]
    [InlineData("new here, where do I ask about the ci pipeline?", "devops")]
    public void A_newcomer_asking_where_to_ask_about_an_area_is_pointed_to_its_role(string question, string role)
    {
        var a = fixture.Engine.Ask(question);

        Assert.Equal(Intent.Onboard, a.Intent);
        Assert.Equal([role], a.Roles);
        Assert.Contains(fixture.Engine.Knowledge.Catalog.Get(role).Plural.ToLowerInvariant(), (a.Reply.Title + " " + a.Reply.ShortAnswer).ToLowerInvariant());
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

    // ---- what a reader sees of the raw articles' structure ----

    private static string[] Lines(string text) => RenderingChecks.Lines(text);

    [Fact]
    public void Section_titles_in_answers_carry_no_numbering_or_trailing_colons()
    {
        foreach (var q in new[]
                 {
                     "what does an SRE do?", "what does a platform engineer do?", "how do the roles work together?",
                     "which role should I choose?", "what is the final thought?", "why are there so many roles?", "/interview devops",
                 })
        {
            var reply = fixture.Engine.Ask(q).Reply;
            foreach (var heading in reply.Sections.Select(s => s.Heading).Prepend(reply.Title))
            {
                Assert.DoesNotMatch(@"^\s*(\d+(\.\d+)*[.)]?|step \d+:?|[IVX]+\.)\s", heading);
                Assert.False(heading.TrimEnd().EndsWith(':') || heading.TrimEnd().EndsWith('-'), $"{q}: \"{heading}\"");
            }
            Assert.DoesNotContain("?:", PlainTextRenderer.Render(reply));
        }
    }

    [Fact]
    public void A_developer_is_defined_from_what_the_articles_say_about_developers()
    {
        var answer = fixture.Engine.Ask("what does a developer do?");

        Assert.Equal(Intent.Define, answer.Intent);
        Assert.Equal(["developer"], answer.Roles);
        Assert.Matches(@"(?i)\bdevelop(er|ers|ment)\b", answer.Reply.ShortAnswer);
        foreach (var other in new[] { "Site Reliability", "SRE", "Platform Engineer", "Cloud Engineer", "reliability" })
            Assert.DoesNotContain(other, answer.Reply.ShortAnswer);
    }

    [Theory]
    [InlineData("devops")]
    [InlineData("sre")]
    [InlineData("platform")]
    [InlineData("cloud")]
    [InlineData("developer")]
    public void No_role_is_defined_by_another_roles_one_liner(string role)
    {
        var catalog = fixture.Engine.Knowledge.Catalog;
        var answer = fixture.Engine.Ask($"/role {role}");

        Assert.Equal([role], answer.Roles);
        foreach (var other in catalog.Roles.Where(r => r.Id != role))
            foreach (var name in new[] { other.Name, other.Short, other.Plural }.Distinct())
                Assert.False(answer.Reply.ShortAnswer.StartsWith(name, StringComparison.OrdinalIgnoreCase),
                    $"{role} is defined by {other.Id}'s line: {answer.Reply.ShortAnswer}");
    }

    [Theory]
    [InlineData("I like automating deployments and hate being on call, which role fits me?", "devops")]
    [InlineData("I love firefighting outages, which role fits me?", "sre")]
    [InlineData("I enjoy building tools for other engineers, which role is for me?", "platform")]
    public void A_fit_answer_from_the_raw_articles_is_a_readable_recommendation(string question, string role)
    {
        var answer = fixture.Engine.Ask(question);

        Assert.Equal(Intent.Fit, answer.Intent);
        Assert.Equal([role], answer.Roles);
        var reply = answer.Reply;
        var name = fixture.Engine.Knowledge.Catalog.Get(role);
        Assert.Contains(name.Name, reply.Title);
        // Whole sentences that name the role, then reasons: no arrows or list fragments from the page.
        Assert.Matches(@"[.!]$", reply.ShortAnswer.Trim());
        Assert.Contains(name.Short, reply.ShortAnswer, StringComparison.OrdinalIgnoreCase);
        var why = Assert.Single(reply.Sections);
        Assert.NotEmpty(why.Bullets);
        Assert.All(why.Bullets, b =>
        {
            Assert.DoesNotMatch(@"^\s*(→|->|=>)", b);
            Assert.True(b.Trim().Split(' ').Length >= 4, $"a fragment, not a reason: \"{b}\"");
            Assert.False(b.TrimEnd().EndsWith(':'), $"a list heading, not a reason: \"{b}\"");
        });
        Assert.All(Lines(PlainTextRenderer.Render(reply)), l => Assert.DoesNotMatch(@"^\s*(•\s*)?(→|->)", l));
    }

    [Fact]
    public void Who_each_role_suits_is_said_in_statements_not_questions_or_list_intros()
    {
        var reply = fixture.Engine.Ask("which role fits me?").Reply;

        var lines = Assert.Single(reply.Sections).Bullets;
        Assert.True(lines.Count >= 4, string.Join("\n", lines));
        Assert.All(lines, l =>
        {
            Assert.False(l.EndsWith('?') || l.EndsWith(':'), l);
            Assert.DoesNotContain("→", l);
        });
    }

    [Fact]
    public void Nested_lists_from_the_articles_stay_nested_in_the_rendered_answer()
    {
        var reply = fixture.Engine.Ask("what are the responsibilities of a cloud engineer?").Reply;

        // Plain text: the parts indented under the item that introduces them.
        var plain = Lines(PlainTextRenderer.Render(reply));
        var parent = Array.FindIndex(plain, l => l.StartsWith("  • Provisioning and supporting:"));
        Assert.True(parent > 0, string.Join("\n", plain));
        Assert.StartsWith("      ◦ Compute", plain[parent + 1]);
        Assert.StartsWith("      ◦ Databases", plain[parent + 2]);
        Assert.Contains(plain[(parent + 1)..], l => l.StartsWith("  • Implementing Infrastructure as Code"));

        // Markdown: a real sub-list under that item.
        var markdown = Markdig.Markdown.Parse(MarkdownRenderer.Render(reply));
        var item = Assert.Single(markdown.Descendants<ListItemBlock>(), i => Text(i).StartsWith("Provisioning and supporting"));
        var nested = Assert.Single(item.OfType<ListBlock>());
        Assert.Contains(nested.OfType<ListItemBlock>(), i => Text(i).StartsWith("Compute"));
    }

    private static string Text(ListItemBlock item) =>
        item.OfType<ParagraphBlock>().FirstOrDefault()?.Inline is { } inline ? string.Concat(inline.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString())) : "";

    [Fact]
    public void Articles_without_a_title_are_cited_by_their_first_line_never_a_file_id()
    {
        foreach (var article in fixture.Engine.Knowledge.Articles)
            Assert.DoesNotMatch(@"^\d{3}_[0-9a-f]{16}", article.Title);

        var text = PlainTextRenderer.Render(fixture.Engine.Ask("what does a developer do?").Reply);
        var sources = Assert.Single(Lines(text), l => l.StartsWith("Sources: "));
        Assert.StartsWith("Sources: Originally, DevOps, SRE, and Platform Engineering were just new ways of thinking", sources);
        Assert.DoesNotMatch(@"(^|; )\d{3}_[0-9a-f]{16} \(", sources["Sources: ".Length..]);
    }
}
