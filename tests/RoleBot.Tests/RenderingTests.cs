using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using RoleBot.Answers;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>What the two text renderers make of a reply, and of the table in particular.</summary>
internal static class RenderingChecks
{
    public static readonly string[] Dimensions = ["Focus", "Owns", "Tools", "Skills", "Success looks like", "Interview focus"];

    public static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');

    /// <summary>
    /// The plain-text table: the header line, the "---+---" rule and the rows up to the next blank line.
    /// Asserts that every line has its column separators at the positions of the rule's '+' signs and
    /// returns the table's lines and those positions.
    /// </summary>
    public static (List<string> Lines, List<int> Separators) AlignedPlainTable(string text, int columns, int width = 100)
    {
        var lines = Lines(text);
        var rule = Array.FindIndex(lines, l => l.Length > 0 && l.Contains('+') && l.All(c => c is '-' or '+'));
        Assert.True(rule > 0, "no table rule (---+---) in:\n" + text);
        var separators = lines[rule].Select((c, i) => (c, i)).Where(t => t.c == '+').Select(t => t.i).ToList();
        Assert.Equal(columns - 1, separators.Count);
        Assert.All(separators, p => Assert.True(lines[rule][p - 1] == '-' && lines[rule][p + 1] == '-', lines[rule]));

        var table = new List<string> { lines[rule - 1], lines[rule] };
        for (var i = rule + 1; i < lines.Length && lines[i].Length > 0; i++) table.Add(lines[i]);
        foreach (var line in table.Where((_, i) => i != 1))
            foreach (var p in separators)
                Assert.True(line.Length > p && line[p] == '|' && line[p - 1] == ' ' && (p + 1 == line.Length || line[p + 1] == ' '),
                    $"column separator not at position {p}:\n{string.Join("\n", table)}");
        Assert.All(table, l => Assert.True(l.Length <= width, $"line wider than {width}: {l}"));
        return (table, separators);
    }

    /// <summary>The text of the first column of each table row that starts a new row (wrapped lines have it empty).</summary>
    public static List<string> RowLabels((List<string> Lines, List<int> Separators) table) =>
        table.Lines.Skip(2).Select(l => l[..(table.Separators[0] - 1)].Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>The Markdown table: header, delimiter row and body rows.</summary>
    public static (string Header, string Delimiter, List<string> Rows) MarkdownTable(string markdown)
    {
        var lines = Lines(markdown);
        var header = Array.FindIndex(lines, l => l.StartsWith("| |"));
        Assert.True(header >= 0, "no table header in:\n" + markdown);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        return (lines[header], lines[header + 1], rows);
    }

    /// <summary>Pipes that separate cells, not the escaped ones inside a cell.</summary>
    public static int CellSeparators(string row) => Regex.Matches(row, @"(?<!\\)\|").Count;

    public static void HasNoMarkdown(string plain)
    {
        Assert.DoesNotContain("**", plain);
        Assert.DoesNotContain("__", plain);
        Assert.DoesNotContain("`", plain);
        Assert.DoesNotContain("](", plain);
        Assert.DoesNotContain("|---", plain);
        Assert.DoesNotMatch(@"\\[*_\[\]<>`|#]", plain);
        Assert.All(Lines(plain), l => Assert.False(l.StartsWith('#') || l.StartsWith("- ") || l.StartsWith("> "), $"markup line: {l}"));
    }
}

/// <summary>Hand-built replies: every part of the model, with known text.</summary>
public sealed class RenderingTests
{
    private const string LongCell =
        "Speed and safety of delivering change: frequent, predictable releases, fast feedback for developers and painless rollbacks.";

    private static Reply Comparison() => new()
    {
        Title = "DevOps vs SRE",
        ShortAnswer = "DevOps: moves code to production quickly.\nSRE: keeps production reliable.",
        Sections = [ReplySection.Of("How they meet", "Both want safe, fast change.", ["Error budgets link them.", "SRE leads incidents."])],
        Table = new ComparisonTable(["DevOps", "SRE"],
        [
            new TableRow("Focus", [LongCell, "Reliability, performance and resilience of production."]),
            new TableRow("Owns", ["CI/CD | pipelines and release automation", "SLOs, on-call and postmortems"]),
            new TableRow("Tools", ["Jenkins, GitHub Actions, Terraform", "Prometheus, Grafana, PagerDuty"]),
            new TableRow("Skills", ["Scripting, git, containers", "Software engineering, observability"]),
            new TableRow("Success looks like", ["Boring, frequent deploys", "SLOs met without heroics"]),
            new TableRow("Interview focus", ["Pipelines and failed deployments", "Outages and traffic spikes"]),
        ]),
        Suggestions = [new("How do DevOps and SRE work together?", "how do devops and sre work together?"), new("Interview tips for SREs", "/interview sre")],
        Citations = [new Citation("DevOps Engineer", "roles/devops.md", ["Some article"]), new Citation("Site Reliability Engineer (SRE)", "roles/sre.md", ["Another article"])],
    };

    [Fact]
    public void Plain_text_starts_with_the_title_then_the_short_answer()
    {
        var lines = RenderingChecks.Lines(PlainTextRenderer.Render(Comparison()));

        Assert.Equal("DevOps vs SRE", lines[0]);
        Assert.Equal("DevOps: moves code to production quickly.", lines[1]);
        Assert.Equal("SRE: keeps production reliable.", lines[2]);
    }

    [Fact]
    public void Markdown_starts_with_the_bold_title_then_the_short_answer_with_hard_line_breaks()
    {
        var lines = RenderingChecks.Lines(MarkdownRenderer.Render(Comparison()));

        Assert.Equal("**DevOps vs SRE**", lines[0]);
        Assert.Equal("", lines[1]);
        Assert.Equal("DevOps: moves code to production quickly.  ", lines[2]);
        Assert.Equal("SRE: keeps production reliable.", lines[3]);
    }

    [Fact]
    public void Markdown_comparison_is_a_real_table_with_one_row_per_dimension()
    {
        var (header, delimiter, rows) = RenderingChecks.MarkdownTable(MarkdownRenderer.Render(Comparison()));

        Assert.Equal("| | **DevOps** | **SRE** |", header);
        Assert.Equal("|---|---|---|", delimiter);
        Assert.Equal(RenderingChecks.Dimensions, rows.Select(r => Regex.Match(r, @"^\| \*\*(.+?)\*\* \|").Groups[1].Value));
        Assert.All(rows, r => Assert.Equal(4, RenderingChecks.CellSeparators(r)));
        Assert.Contains(@"| **Owns** | CI/CD \| pipelines and release automation | SLOs, on-call and postmortems |", rows);
        Assert.Contains($"| **Focus** | {LongCell} |", rows[0]);
    }

    [Fact]
    public void Plain_text_comparison_is_an_aligned_table_with_one_row_per_dimension()
    {
        var plain = PlainTextRenderer.Render(Comparison());

        var table = RenderingChecks.AlignedPlainTable(plain, columns: 3);

        Assert.Equal(RenderingChecks.Dimensions, RenderingChecks.RowLabels(table));
        Assert.Contains("DevOps", table.Lines[0]);
        Assert.Contains("SRE", table.Lines[0]);
        // The long cell is wrapped onto more lines, not cut: all its words are there, in order.
        var focusLines = table.Lines.Skip(2).TakeWhile(l => !l.StartsWith("Owns")).ToList();
        Assert.True(focusLines.Count > 1, "the long Focus cell should wrap");
        var firstCell = string.Join(" ", focusLines.Select(l => l[(table.Separators[0] + 1)..Math.Min(l.Length, table.Separators[1])].Trim()).Where(s => s.Length > 0));
        Assert.Equal(LongCell, firstCell.Trim());
        Assert.Contains("CI/CD | pipelines", plain);
    }

    [Fact]
    public void The_alignment_check_catches_a_misaligned_table()
    {
        const string aligned = "Title\n\n      | DevOps | SRE\n------+--------+----\nFocus | Speed  | Uptime\n";
        const string shifted = "Title\n\n      | DevOps | SRE\n------+--------+----\nFocus | Speed | Uptime\n";

        RenderingChecks.AlignedPlainTable(aligned, columns: 3);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => RenderingChecks.AlignedPlainTable(shifted, columns: 3));
    }

    [Fact]
    public void A_wide_comparison_still_aligns_and_fits_the_width()
    {
        var roles = new[] { "DevOps", "SRE", "Platform", "Cloud" };
        var reply = Comparison() with
        {
            Table = new ComparisonTable(roles, RenderingChecks.Dimensions.Select(d =>
                new TableRow(d, roles.Select(r => $"{r} {d.ToLowerInvariant()}: {LongCell}").ToList())).ToList()),
        };

        var table = RenderingChecks.AlignedPlainTable(PlainTextRenderer.Render(reply, width: 100), columns: 5, width: 100);
        Assert.Equal(RenderingChecks.Dimensions, RenderingChecks.RowLabels(table));
        var (_, delimiter, rows) = RenderingChecks.MarkdownTable(MarkdownRenderer.Render(reply));
        Assert.Equal("|---|---|---|---|---|", delimiter);
        Assert.All(rows, r => Assert.Equal(6, RenderingChecks.CellSeparators(r)));
    }

    [Fact]
    public void Sections_suggestions_and_citations_appear_in_both_renderings()
    {
        var reply = Comparison();
        foreach (var text in new[] { PlainTextRenderer.Render(reply), MarkdownRenderer.Render(reply) })
        {
            Assert.Contains("How they meet", text);
            Assert.Contains("Both want safe, fast change.", text);
            Assert.Contains("Error budgets link them.", text);
            Assert.Contains("How do DevOps and SRE work together?", text);
            Assert.Contains("Interview tips for SREs", text);
            Assert.Contains("DevOps Engineer", text);
            Assert.Contains("roles/devops.md", text);
            Assert.Contains("Site Reliability Engineer (SRE)", text);
            Assert.Contains("roles/sre.md", text);
            // The short answer comes before the detail, the detail before the follow-ups and sources.
            Assert.True(text.IndexOf("keeps production reliable", StringComparison.Ordinal) < text.IndexOf("How they meet", StringComparison.Ordinal));
            Assert.True(text.IndexOf("Error budgets link them", StringComparison.Ordinal) < text.IndexOf("Interview tips for SREs", StringComparison.Ordinal));
            Assert.True(text.IndexOf("Interview tips for SREs", StringComparison.Ordinal) < text.IndexOf("roles/sre.md", StringComparison.Ordinal));
        }
    }

    /// <summary>A section whose list has items nested under an item, two levels deep.</summary>
    private static Reply Nested() => new()
    {
        Title = "Site Reliability Engineer",
        ShortAnswer = "SREs keep production reliable.",
        Sections = [ReplySection.Of("Typical responsibilities", null,
            ["Defining SLOs", "Designing and running:", "  Alerting and on-call rotations", "    Escalation paths", "  Incident response", "Building reliability tools"])],
    };

    [Fact]
    public void Nested_bullets_render_as_nested_lists_in_every_renderer()
    {
        // Markdown: a CommonMark sub-list, as a Markdown reader sees it.
        var document = Markdig.Markdown.Parse(MarkdownRenderer.Render(Nested()));
        var items = document.Descendants<ListItemBlock>().ToList();
        string ItemText(ListItemBlock i) => ((ParagraphBlock)i[0]).Inline!.FirstChild!.ToString()!;
        ListItemBlock Item(string text) => Assert.Single(items, i => ItemText(i) == text);
        int Depth(ListItemBlock i) => i.Parent!.Parent is ListItemBlock parent ? Depth(parent) + 1 : 0;
        Assert.Equal(0, Depth(Item("Designing and running:")));
        Assert.Equal(1, Depth(Item("Alerting and on-call rotations")));
        Assert.Same(Item("Designing and running:"), Item("Incident response").Parent!.Parent);
        Assert.Equal(2, Depth(Item("Escalation paths")));
        Assert.Equal(0, Depth(Item("Building reliability tools")));

        // Plain text: the nested items indented under their parent, with their own marker.
        var plain = RenderingChecks.Lines(PlainTextRenderer.Render(Nested()));
        var parent = Array.IndexOf(plain, "  • Designing and running:");
        Assert.True(parent > 0, string.Join("\n", plain));
        Assert.Equal(["      ◦ Alerting and on-call rotations", "          ◦ Escalation paths", "      ◦ Incident response", "  • Building reliability tools"],
            plain[(parent + 1)..(parent + 5)]);

        // Slack mrkdwn has no lists: the nested items are indented lines under their parent.
        var slack = BlockKitChecks.Blocks(BlockKitRenderer.Render(Nested())).Where(b => BlockKitChecks.Type(b) == "section").Select(BlockKitChecks.Text).Last();
        Assert.Matches("• Designing and running:\n\u2003+◦ Alerting and on-call rotations\n\u2003{4,}◦ Escalation paths\n\u2003+◦ Incident response\n• Building reliability tools", slack);

        // Adaptive Cards: a list for each level, each nested one set further in than the one before.
        var body = AdaptiveCardRenderer.Render(Nested())["body"]!.AsArray().Select(n => n!.AsObject()).ToList();
        var lists = body.Select(b => (Indent: IndentOf(b), Text: ListText(b))).Where(b => b.Text is not null).ToList();
        Assert.Equal(
        [
            (0, "- Defining SLOs\r- Designing and running:"), (16, "- Alerting and on-call rotations"), (32, "- Escalation paths"),
            (16, "- Incident response"), (0, "- Building reliability tools"),
        ], lists.Select(l => (l.Indent, l.Text!)).ToList());
    }

    /// <summary>How far right an Adaptive Card element starts: the width of the empty column before it, in px.</summary>
    private static int IndentOf(JsonObject element) =>
        element["type"]!.GetValue<string>() == "ColumnSet" && element["columns"]![0]!["width"]!.GetValue<string>() is var w && w.EndsWith("px") ? int.Parse(w[..^2]) : 0;

    private static string? ListText(JsonObject element)
    {
        var block = element["type"]!.GetValue<string>() == "ColumnSet" ? element["columns"]![1]!["items"]![0]!.AsObject() : element;
        return block["text"]?.GetValue<string>() is { } t && t.StartsWith("- ") ? t : null;
    }

    [Fact]
    public void Choices_are_numbered_in_both_renderings()
    {
        var reply = new Reply
        {
            Title = "Did you mean…?",
            ShortAnswer = "That could mean more than one thing.",
            Choices = [new("Runbooks", "who owns runbooks?"), new("Postmortems", "who owns postmortems?")],
        };

        Assert.Contains("1. Runbooks", PlainTextRenderer.Render(reply));
        Assert.Contains("2. Postmortems", PlainTextRenderer.Render(reply));
        Assert.Contains("1. Runbooks", MarkdownRenderer.Render(reply));
        Assert.Contains("2. Postmortems", MarkdownRenderer.Render(reply));
    }

    [Fact]
    public void Plain_text_has_no_markdown_even_when_the_text_has_markdown_characters()
    {
        var reply = Comparison() with { ShortAnswer = "Use *_[]<>`| as they are: a_b, 2*3, [x], <y>." };

        var plain = PlainTextRenderer.Render(reply);

        Assert.Contains("Use *_[]<>`| as they are: a_b, 2*3, [x], <y>.", plain);
        RenderingChecks.HasNoMarkdown(plain.Replace("Use *_[]<>`| as they are: a_b, 2*3, [x], <y>.", ""));
    }

    [Fact]
    public void Plain_text_table_never_splits_a_character()
    {
        var word = "x" + string.Concat(Enumerable.Repeat("🚀", 40));
        var reply = Comparison() with { Table = new ComparisonTable(["DevOps", "SRE"], [new TableRow("Focus", [word, word])]) };

        var plain = PlainTextRenderer.Render(reply);

        for (var i = 0; i < plain.Length; i++)
        {
            if (char.IsHighSurrogate(plain[i])) { Assert.True(i + 1 < plain.Length && char.IsLowSurrogate(plain[i + 1]), $"lone high surrogate at {i}"); i++; }
            else Assert.False(char.IsLowSurrogate(plain[i]), $"lone low surrogate at {i}");
        }
    }
}

/// <summary>Real answers from the repo's knowledge, rendered.</summary>
[Collection("engine")]
public sealed class RenderingOfAnswersTests(EngineFixture fixture)
{
    [Fact]
    public void A_real_comparison_renders_as_a_markdown_table_with_every_dimension()
    {
        var answer = fixture.Engine.Ask("/compare devops sre");
        Assert.Equal(Intent.Compare, answer.Intent);

        var markdown = MarkdownRenderer.Render(answer.Reply);

        Assert.StartsWith("**DevOps vs SRE**\n", markdown);
        var (header, delimiter, rows) = RenderingChecks.MarkdownTable(markdown);
        Assert.Equal("| | **DevOps** | **SRE** |", header);
        Assert.Equal("|---|---|---|", delimiter);
        Assert.Equal(RenderingChecks.Dimensions, rows.Select(r => Regex.Match(r, @"^\| \*\*(.+?)\*\* \|").Groups[1].Value));
        Assert.All(rows, r => Assert.Equal(4, RenderingChecks.CellSeparators(r)));
        Assert.All(rows, r => Assert.DoesNotContain("| — |", r));
        Assert.Contains("roles/devops.md", markdown);
        Assert.Contains("roles/sre.md", markdown);
    }

    [Theory]
    [InlineData("/compare devops sre", 3)]
    [InlineData("/compare devops sre platform cloud", 5)]
    [InlineData("what is the difference between a platform engineer and a cloud engineer?", 3)]
    public void A_real_comparison_renders_as_an_aligned_plain_text_table(string question, int columns)
    {
        var answer = fixture.Engine.Ask(question);
        Assert.Equal(Intent.Compare, answer.Intent);

        var plain = PlainTextRenderer.Render(answer.Reply);

        Assert.Equal(answer.Reply.Title, RenderingChecks.Lines(plain)[0]);
        var table = RenderingChecks.AlignedPlainTable(plain, columns);
        Assert.Equal(RenderingChecks.Dimensions, RenderingChecks.RowLabels(table));
        RenderingChecks.HasNoMarkdown(plain);
    }

    [Theory]
    [InlineData("what does an SRE do?")]
    [InlineData("who writes the runbooks?")]
    [InlineData("what is an error budget?")]
    [InlineData("tools a platform engineer uses")]
    [InlineData("how do devops and sre work together?")]
    [InlineData("hello")]
    public void Real_answers_lead_with_title_and_short_answer_and_plain_text_has_no_markup(string question)
    {
        var reply = fixture.Engine.Ask(question).Reply;

        var plain = PlainTextRenderer.Render(reply);
        var plainLines = RenderingChecks.Lines(plain);
        Assert.Equal(reply.Title, plainLines[0]);
        Assert.Equal(reply.ShortAnswer.Split('\n')[0], plainLines[1]);
        RenderingChecks.HasNoMarkdown(plain);
        Assert.All(reply.Suggestions, s => Assert.Contains(s.Label, plain));
        Assert.All(reply.Citations, c => Assert.Contains(c.File, plain));

        var markdown = MarkdownRenderer.Render(reply);
        Assert.StartsWith("**", markdown);
        Assert.All(reply.Suggestions, s => Assert.Contains(MarkdownRenderer.Escape(s.Label), markdown));
        Assert.All(reply.Citations, c => Assert.Contains($"`{c.File}`", markdown));
    }
}
