using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RoleBot.Answers;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>Reading a Block Kit message back, and checking it against Slack's limits.</summary>
internal static class BlockKitChecks
{
    public static List<JsonObject> Blocks(JsonObject message) => message["blocks"]!.AsArray().Select(b => b!.AsObject()).ToList();

    public static string Type(JsonObject block) => block["type"]!.GetValue<string>();

    public static List<string> Types(JsonObject message) => Blocks(message).Select(Type).ToList();

    /// <summary>The text of a block's text object (header, section).</summary>
    public static string Text(JsonObject block) => block["text"]!["text"]!.GetValue<string>();

    public static List<string> Fields(JsonObject section) =>
        section["fields"]?.AsArray().Select(f => f!["text"]!.GetValue<string>()).ToList() ?? [];

    public static List<JsonObject> Buttons(JsonObject message) =>
        Blocks(message).Where(b => Type(b) == "actions").SelectMany(b => b["elements"]!.AsArray().Select(e => e!.AsObject())).ToList();

    public static string ActionId(JsonObject button) => button["action_id"]!.GetValue<string>();

    public static string Label(JsonObject button) => button["text"]!["text"]!.GetValue<string>();

    public static string? Value(JsonObject button) => button["value"]?.GetValue<string>();

    /// <summary>What pressing the button asks, as the Slack adapter reads its value back.</summary>
    public static Suggestion? Pressed(JsonObject button) => FollowUpPayload.ReadValue(Value(button));

    public static string? Asks(JsonObject button) => Pressed(button)?.Message;

    public static List<string> ContextTexts(JsonObject message) =>
        Blocks(message).Where(b => Type(b) == "context").SelectMany(b => b["elements"]!.AsArray().Select(e => e!["text"]!.GetValue<string>())).ToList();

    /// <summary>The sections after the table's divider: one per dimension.</summary>
    public static List<JsonObject> TableRows(JsonObject message)
    {
        var blocks = Blocks(message);
        var divider = blocks.FindIndex(b => Type(b) == "divider");
        Assert.True(divider >= 0, "no divider before the table");
        return blocks.Skip(divider + 1).TakeWhile(b => Type(b) == "section" && b["fields"] is not null).ToList();
    }

    /// <summary>Every text object in the message, with its type (mrkdwn or plain_text).</summary>
    public static IEnumerable<(string Type, string Text)> TextObjects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when o["type"]?.GetValue<string>() is "mrkdwn" or "plain_text" && o["text"] is JsonValue:
                yield return (o["type"]!.GetValue<string>(), o["text"]!.GetValue<string>());
                break;
            case JsonObject o:
                foreach (var (_, child) in o)
                    foreach (var t in TextObjects(child)) yield return t;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var t in TextObjects(child)) yield return t;
                break;
        }
    }

    /// <summary>Slack's Block Kit limits (api.slack.com/reference/block-kit) and well-formed mrkdwn.</summary>
    public static void WithinSlackLimits(JsonObject message)
    {
        var fallback = message["text"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(fallback), "no fallback text");
        Assert.True(fallback.Length <= 3000, $"fallback text of {fallback.Length} characters");

        var blocks = Blocks(message);
        Assert.InRange(blocks.Count, 1, 50);
        var actionIds = new List<string>();
        foreach (var block in blocks)
        {
            switch (Type(block))
            {
                case "header":
                    Assert.Equal("plain_text", block["text"]!["type"]!.GetValue<string>());
                    Assert.InRange(Text(block).Length, 1, 150);
                    break;
                case "section":
                    Assert.True(block["text"] is not null || block["fields"] is not null, "section with neither text nor fields");
                    if (block["text"] is not null)
                    {
                        Assert.Equal("mrkdwn", block["text"]!["type"]!.GetValue<string>());
                        Assert.InRange(Text(block).Length, 1, 3000);
                    }
                    var fields = Fields(block);
                    Assert.True(fields.Count <= 10, $"{fields.Count} fields");
                    Assert.All(fields, f => Assert.InRange(f.Length, 1, 2000));
                    break;
                case "actions":
                    var elements = block["elements"]!.AsArray();
                    Assert.InRange(elements.Count, 1, 25);
                    foreach (var button in elements.Select(e => e!.AsObject()))
                    {
                        Assert.Equal("button", Type(button));
                        Assert.Equal("plain_text", button["text"]!["type"]!.GetValue<string>());
                        Assert.InRange(Label(button).Length, 1, 75);
                        Assert.True((Value(button)?.Length ?? 0) <= 2000, $"button value of {Value(button)!.Length} characters");
                        Assert.InRange(ActionId(button).Length, 1, 255);
                        actionIds.Add(ActionId(button));
                    }
                    break;
                case "context":
                    var items = block["elements"]!.AsArray();
                    Assert.InRange(items.Count, 1, 10);
                    Assert.All(items, e => Assert.InRange(e!["text"]!.GetValue<string>().Length, 1, 2000));
                    break;
                case "divider":
                    break;
                default:
                    Assert.Fail("unexpected block type " + Type(block));
                    break;
            }
        }
        Assert.Equal(actionIds.Count, actionIds.Distinct().Count());

        foreach (var (type, text) in TextObjects(message["blocks"]).Append(("mrkdwn", fallback)))
        {
            NoBrokenCharacters(text);
            if (type != "mrkdwn") continue;
            // Escaped: no raw angle brackets but Slack's own links (a person, a channel, a web page),
            // and every ampersand starts one of the three entities.
            var outsideLinks = Regex.Replace(text, @"<@[UW][A-Z0-9]+>|<#[CG][A-Z0-9]+>|<https?://[^\s<>|]+\|[^<>|\n]*>", "");
            Assert.DoesNotContain("<", outsideLinks);
            Assert.DoesNotContain(">", outsideLinks);
            Assert.DoesNotMatch("&(?!amp;|lt;|gt;)", text);
            // mrkdwn, not Markdown.
            Assert.DoesNotContain("**", text);
            Assert.DoesNotContain("](", text);
            Assert.All(RenderingChecks.Lines(text), l => Assert.False(Regex.IsMatch(l, "^#{1,6} "), $"Markdown heading: {l}"));
        }
    }

    public static void NoBrokenCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i])) { Assert.True(i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]), $"lone high surrogate at {i}"); i++; }
            else Assert.False(char.IsLowSurrogate(text[i]), $"lone low surrogate at {i}");
        }
    }

    /// <summary>The words of some text, for checking that a split lost nothing.</summary>
    public static string[] Words(string text) => text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Hand-built replies rendered as Slack Block Kit.</summary>
public sealed class BlockKitRendererTests
{
    private static readonly string[] Dimensions = RenderingChecks.Dimensions;

    private static Reply Comparison(params string[] roles) => new()
    {
        Title = string.Join(" vs ", roles),
        ShortAnswer = string.Join("\n", roles.Select(r => $"{r}: does {r} things.")),
        Table = new ComparisonTable(roles, Dimensions.Select(d => new TableRow(d, roles.Select(r => $"{r} {d.ToLowerInvariant()}").ToList())).ToList()),
        Suggestions = [new("Which role fits me?", "/fit")],
    };

    private static Reply Full() => Comparison("DevOps", "SRE") with
    {
        Title = "DevOps vs SRE",
        ShortAnswer = "DevOps: moves code to production quickly.\nSRE: keeps production reliable.",
        Sections = [ReplySection.Of("How they meet", "Both want safe, fast change.", ["Error budgets link them.", "SRE leads incidents."])],
        Suggestions = [new("How do DevOps and SRE work together?", "how do devops and sre work together?"), new("Interview tips for SREs", "/interview sre")],
        Citations = [new Citation("DevOps Engineer", "roles/devops.md", ["Some article"]), new Citation("Site Reliability Engineer (SRE)", "roles/sre.md", ["Another article"])],
    };

    [Fact]
    public void A_full_reply_is_header_answer_sections_table_actions_and_context_in_that_order()
    {
        var message = BlockKitRenderer.Render(Full());

        BlockKitChecks.WithinSlackLimits(message);
        Assert.Equal(["header", "section", "section", "divider", .. Dimensions.Select(_ => "section"), "actions", "context"], BlockKitChecks.Types(message));
        var blocks = BlockKitChecks.Blocks(message);
        Assert.Equal("DevOps vs SRE", BlockKitChecks.Text(blocks[0]));
        Assert.Equal("DevOps: moves code to production quickly.\nSRE: keeps production reliable.", BlockKitChecks.Text(blocks[1]));
        Assert.Equal("*How they meet*\nBoth want safe, fast change.\n• Error budgets link them.\n• SRE leads incidents.", BlockKitChecks.Text(blocks[2]));
        Assert.Equal("Sources: DevOps Engineer (roles/devops.md); Site Reliability Engineer (SRE) (roles/sre.md)", Assert.Single(BlockKitChecks.ContextTexts(message)));
    }

    [Fact]
    public void Fallback_text_is_the_title_and_short_answer_without_markup()
    {
        var message = BlockKitRenderer.Render(Full());

        Assert.Equal("DevOps vs SRE\nDevOps: moves code to production quickly.\nSRE: keeps production reliable.", message["text"]!.GetValue<string>());
    }

    [Fact]
    public void Fallback_text_is_never_empty()
    {
        var message = BlockKitRenderer.Render(new Reply { Title = " ", ShortAnswer = "" });

        Assert.False(string.IsNullOrWhiteSpace(message["text"]!.GetValue<string>()));
        BlockKitChecks.WithinSlackLimits(message);
        Assert.Equal(["section"], BlockKitChecks.Types(message)); // never an empty message
    }

    [Fact]
    public void Follow_ups_are_buttons_whose_value_is_the_message_to_ask()
    {
        var buttons = BlockKitChecks.Buttons(BlockKitRenderer.Render(Full()));

        Assert.Equal(["followup_0", "followup_1"], buttons.Select(BlockKitChecks.ActionId));
        Assert.Equal(["How do DevOps and SRE work together?", "Interview tips for SREs"], buttons.Select(BlockKitChecks.Label));
        Assert.Equal(["how do devops and sre work together?", "/interview sre"], buttons.Select(BlockKitChecks.Asks));
        Assert.All(buttons, b => Assert.Null(b["style"]));
    }

    [Fact]
    public void Choices_and_follow_ups_are_separate_actions_blocks()
    {
        var reply = new Reply
        {
            Title = "Did you mean…?",
            ShortAnswer = "That could mean more than one thing. Did you mean:",
            Choices = [new("Runbooks", "who owns runbooks?"), new("Postmortems", "who owns postmortems?")],
            Suggestions = [new("None of these: show help", "/help")],
        };

        var message = BlockKitRenderer.Render(reply);

        BlockKitChecks.WithinSlackLimits(message);
        Assert.Equal(["header", "section", "actions", "actions"], BlockKitChecks.Types(message));
        var actions = BlockKitChecks.Blocks(message).Where(b => BlockKitChecks.Type(b) == "actions").ToList();
        var choices = actions[0]["elements"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["choice_0", "choice_1"], choices.Select(BlockKitChecks.ActionId));
        Assert.Equal(["Runbooks", "Postmortems"], choices.Select(BlockKitChecks.Label));
        Assert.Equal(["who owns runbooks?", "who owns postmortems?"], choices.Select(BlockKitChecks.Asks));
        Assert.Equal("followup_0", BlockKitChecks.ActionId(actions[1]["elements"]![0]!.AsObject()));
    }

    [Fact]
    public void The_share_button_appears_only_when_asked_for()
    {
        Assert.DoesNotContain(BlockKitChecks.Buttons(BlockKitRenderer.Render(Full())), b => BlockKitChecks.ActionId(b) == "share");

        var message = BlockKitRenderer.Render(Full(), share: new("what does an SRE do?", "what does an SRE do?"));

        BlockKitChecks.WithinSlackLimits(message);
        var buttons = BlockKitChecks.Buttons(message);
        var share = buttons[^1];
        Assert.Equal("share", BlockKitChecks.ActionId(share));
        Assert.Equal("Share in channel", BlockKitChecks.Label(share));
        Assert.Equal("what does an SRE do?", BlockKitChecks.Asks(share));
        Assert.Equal("primary", share["style"]!.GetValue<string>());
        Assert.Single(buttons, b => BlockKitChecks.ActionId(b) == "share");
    }

    [Fact]
    public void The_share_button_gets_its_own_actions_block_when_there_are_no_follow_ups()
    {
        var message = BlockKitRenderer.Render(new Reply { Title = "Error budget", ShortAnswer = "The unreliability you may spend." }, share: new("what is an error budget?", "what is an error budget?"));

        Assert.Equal(["header", "section", "actions"], BlockKitChecks.Types(message));
        Assert.Equal("share", BlockKitChecks.ActionId(Assert.Single(BlockKitChecks.Buttons(message))));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_comparison_is_one_fields_section_per_dimension_with_one_field_per_role(int count)
    {
        var roles = new[] { "DevOps", "SRE", "Platform", "Cloud" }.Take(count).ToArray();

        var message = BlockKitRenderer.Render(Comparison(roles));

        BlockKitChecks.WithinSlackLimits(message);
        var rows = BlockKitChecks.TableRows(message);
        Assert.Equal(Dimensions.Select(d => $"*{d}*"), rows.Select(BlockKitChecks.Text));
        for (var i = 0; i < rows.Count; i++)
            Assert.Equal(roles.Select(r => $"*{r}*\n{r} {Dimensions[i].ToLowerInvariant()}"), BlockKitChecks.Fields(rows[i]));
        Assert.DoesNotContain(BlockKitChecks.Blocks(message), b => BlockKitChecks.Type(b) == "table");
    }

    [Fact]
    public void A_table_never_has_more_than_ten_fields_and_a_missing_cell_is_a_dash()
    {
        var roles = Enumerable.Range(1, 12).Select(i => $"Role {i}").ToList();
        var reply = new Reply
        {
            Title = "Many roles",
            ShortAnswer = "Too many to compare.",
            Table = new ComparisonTable(roles, [new TableRow("Focus", ["only one cell"])]),
        };

        var message = BlockKitRenderer.Render(reply);

        BlockKitChecks.WithinSlackLimits(message);
        var fields = BlockKitChecks.Fields(Assert.Single(BlockKitChecks.TableRows(message)));
        Assert.Equal(10, fields.Count);
        Assert.Equal("*Role 1*\nonly one cell", fields[0]);
        Assert.Equal("*Role 2*\n—", fields[1]);
    }

    [Fact]
    public void A_long_cell_is_trimmed_to_the_field_limit()
    {
        var reply = Comparison("DevOps", "SRE") with
        {
            Table = new ComparisonTable(["DevOps", "SRE"], [new TableRow("Focus", [string.Join(" ", Enumerable.Repeat("delivery", 600)), "short"])]),
        };

        var fields = BlockKitChecks.Fields(BlockKitChecks.TableRows(BlockKitRenderer.Render(reply))[0]);

        Assert.InRange(fields[0].Length, 1900, 2000);
        Assert.StartsWith("*DevOps*\ndelivery delivery", fields[0]);
        Assert.EndsWith("…", fields[0]);
        Assert.Equal("*SRE*\nshort", fields[1]);
    }

    [Fact]
    public void A_very_long_reply_stays_within_every_limit_and_keeps_the_answer_buttons_and_sources()
    {
        var paragraph = string.Join(" ", Enumerable.Repeat("Reliability is a feature & users notice <it>.", 40));
        var reply = new Reply
        {
            Title = new string('T', 400),
            ShortAnswer = "The short answer comes first.",
            Sections = Enumerable.Range(0, 80).Select(i => ReplySection.Of($"Section {i}",
                string.Join("\n\n", Enumerable.Repeat(paragraph, 6))[..10_000])).ToList(),
            Table = Comparison("DevOps", "SRE", "Platform", "Cloud").Table,
            Choices = Enumerable.Range(0, 30).Select(i => new Suggestion($"Choice {i} " + new string('c', 300), new string('m', 5000))).ToList(),
            Suggestions = Enumerable.Range(0, 20).Select(i => new Suggestion($"Follow-up {i} " + new string('l', 300), new string('v', 5000))).ToList(),
            Citations = Enumerable.Range(0, 200).Select(i => new Citation($"Article {i} " + new string('a', 100), $"roles/file{i}.md", [])).ToList(),
        };

        var message = BlockKitRenderer.Render(reply, share: new(new string('q', 3000), new string('q', 3000)));

        BlockKitChecks.WithinSlackLimits(message);
        var blocks = BlockKitChecks.Blocks(message);
        Assert.Equal(50, blocks.Count); // the budget is used, not wasted
        Assert.Equal("header", BlockKitChecks.Type(blocks[0]));
        Assert.Equal(150, BlockKitChecks.Text(blocks[0]).Length);
        Assert.EndsWith("…", BlockKitChecks.Text(blocks[0]));
        Assert.Equal("The short answer comes first.", BlockKitChecks.Text(blocks[1]));
        Assert.Equal("*Section 0*", BlockKitChecks.Text(blocks[2]).Split('\n')[0]);
        // Detail is dropped from the end: the first sections are there, the last are not.
        var texts = blocks.Where(b => BlockKitChecks.Type(b) == "section" && b["text"] is not null).Select(BlockKitChecks.Text).ToList();
        Assert.Contains(texts, t => t.StartsWith("*Section 1*\n", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.StartsWith("*Section 79*", StringComparison.Ordinal));
        // The table, the buttons (25 choices, all 20 follow-ups and the share button) and the sources are kept.
        Assert.Equal(Dimensions.Length, BlockKitChecks.TableRows(message).Count);
        var buttons = BlockKitChecks.Buttons(message);
        Assert.Equal(25, buttons.Count(b => BlockKitChecks.ActionId(b).StartsWith("choice_", StringComparison.Ordinal)));
        Assert.Equal(20, buttons.Count(b => BlockKitChecks.ActionId(b).StartsWith("followup_", StringComparison.Ordinal)));
        var share = Assert.Single(buttons, b => BlockKitChecks.ActionId(b) == "share");
        Assert.Equal(2000, BlockKitChecks.Value(share)!.Length);
        Assert.All(buttons, b => Assert.True(BlockKitChecks.Label(b).Length <= 75 && BlockKitChecks.Value(b)!.Length <= 2000));
        Assert.Equal("context", BlockKitChecks.Type(blocks[^1]));
        Assert.StartsWith("Sources: Article 0 ", BlockKitChecks.ContextTexts(message)[0]);
        Assert.EndsWith("…", BlockKitChecks.ContextTexts(message)[^1]);
    }

    [Fact]
    public void Eighty_sections_without_a_table_fill_the_budget_with_the_first_sections_split_not_cut()
    {
        var words = Enumerable.Range(0, 1500).Select(i => $"word{i}").ToList();
        var text = string.Join(" ", words); // about 11,000 characters, no line breaks
        var reply = new Reply
        {
            Title = "Long",
            ShortAnswer = "Short.",
            Sections = Enumerable.Range(0, 80).Select(i => ReplySection.Of($"Section {i}", text)).ToList(),
            Suggestions = Enumerable.Range(0, 20).Select(i => new Suggestion(new string('l', 300), new string('v', 5000))).ToList(),
        };

        var message = BlockKitRenderer.Render(reply);

        BlockKitChecks.WithinSlackLimits(message);
        var sections = BlockKitChecks.Blocks(message).Skip(2).Where(b => BlockKitChecks.Type(b) == "section").Select(BlockKitChecks.Text).ToList();
        Assert.Equal(50 - 3, sections.Count); // header, short answer, one actions block
        // The first section is split over several blocks at word boundaries: every word is there, in order.
        var firstSection = sections.TakeWhile((s, i) => i == 0 || !s.StartsWith("*Section", StringComparison.Ordinal)).ToList();
        Assert.True(firstSection.Count > 1, "a 10,000-character section should be split");
        Assert.Equal(["*Section", "0*", .. words], firstSection.SelectMany(BlockKitChecks.Words));
        // The last block kept shows that something was left out.
        Assert.EndsWith("…", sections[^1]);
        Assert.Equal(20, BlockKitChecks.Buttons(message).Count);
    }

    [Fact]
    public void A_long_section_splits_at_paragraph_breaks_first()
    {
        var paragraphs = Enumerable.Range(0, 4).Select(i => $"Paragraph {i}. " + string.Join(" ", Enumerable.Repeat("text", 400))).ToList();
        var reply = new Reply { Title = "T", ShortAnswer = "S", Sections = [ReplySection.Of("Heading", string.Join("\n\n", paragraphs))] };

        var message = BlockKitRenderer.Render(reply);

        BlockKitChecks.WithinSlackLimits(message);
        var sections = BlockKitChecks.Blocks(message).Skip(2).Select(BlockKitChecks.Text).ToList();
        Assert.True(sections.Count > 1);
        Assert.StartsWith("*Heading*\nParagraph 0.", sections[0]);
        Assert.All(sections.Skip(1), s => Assert.StartsWith("Paragraph ", s));
        Assert.Equal(string.Join("\n\n", paragraphs), string.Join("\n\n", sections)["*Heading*\n".Length..]);
    }

    [Fact]
    public void A_long_short_answer_is_split_into_several_sections_not_cut()
    {
        var answer = string.Join("\n", Enumerable.Range(0, 700).Select(i => $"Line {i} of the answer."));
        var message = BlockKitRenderer.Render(new Reply { Title = "T", ShortAnswer = answer });

        BlockKitChecks.WithinSlackLimits(message);
        var sections = BlockKitChecks.Blocks(message).Skip(1).Select(BlockKitChecks.Text).ToList();
        Assert.True(sections.Count > 1);
        Assert.Equal(answer, string.Join("\n", sections));
        Assert.True(message["text"]!.GetValue<string>().Length <= 3000);
    }

    [Fact]
    public void Text_without_spaces_is_cut_hard_but_never_inside_an_entity_or_a_character()
    {
        var reply = new Reply
        {
            Title = string.Concat(Enumerable.Repeat("🚀", 200)),
            ShortAnswer = new string('&', 10_000),
            Sections = [ReplySection.Of("x", "a" + string.Concat(Enumerable.Repeat("🚀", 5000)))],
            Suggestions = [new(string.Concat(Enumerable.Repeat("🚀", 100)), "x")],
        };

        var message = BlockKitRenderer.Render(reply);

        BlockKitChecks.WithinSlackLimits(message); // checks entities and surrogate pairs in every text
        var sections = BlockKitChecks.Blocks(message).Where(b => BlockKitChecks.Type(b) == "section").Select(BlockKitChecks.Text).ToList();
        Assert.Equal(10_000, sections.Sum(s => Regex.Matches(s, "&amp;").Count));
    }

    [Fact]
    public void Text_from_the_reply_is_escaped_in_mrkdwn_but_not_in_plain_text()
    {
        const string value = "<script> & co";
        var reply = new Reply
        {
            Title = value,
            ShortAnswer = value,
            Sections = [ReplySection.Of(value, value, [value])],
            Table = new ComparisonTable([value], [new TableRow(value, [value])]),
            Choices = [new Suggestion(value, value)],
            Suggestions = [new Suggestion(value, value)],
            Citations = [new Citation(value, "roles/sre.md", ["source"])],
        };

        var message = BlockKitRenderer.Render(reply);

        BlockKitChecks.WithinSlackLimits(message);
        const string escaped = "&lt;script&gt; &amp; co";
        var blocks = BlockKitChecks.Blocks(message);
        Assert.Equal(value, BlockKitChecks.Text(blocks[0])); // header: plain_text
        Assert.Equal(escaped, BlockKitChecks.Text(blocks[1]));
        Assert.Equal($"*{escaped}*\n{escaped}\n• {escaped}", BlockKitChecks.Text(blocks[2]));
        var row = Assert.Single(BlockKitChecks.TableRows(message));
        Assert.Equal($"*{escaped}*", BlockKitChecks.Text(row));
        Assert.Equal($"*{escaped}*\n{escaped}", Assert.Single(BlockKitChecks.Fields(row)));
        Assert.Equal($"Sources: {escaped} (roles/sre.md)", Assert.Single(BlockKitChecks.ContextTexts(message)));
        Assert.All(BlockKitChecks.Buttons(message), b => Assert.Equal(value, BlockKitChecks.Label(b))); // plain_text
        Assert.All(BlockKitChecks.Buttons(message), b => Assert.Equal(value, BlockKitChecks.Asks(b))); // sent back as is
        Assert.Equal($"{escaped}\n{escaped}", message["text"]!.GetValue<string>());
        // No mrkdwn text anywhere carries it unescaped: only plain_text labels and button values do.
        static IEnumerable<JsonObject> All(JsonNode? n) => n switch
        {
            JsonObject o => [o, .. o.SelectMany(p => All(p.Value))],
            JsonArray a => a.SelectMany(All),
            _ => [],
        };
        var mrkdwn = All(message).Where(o => (string?)o["type"] == "mrkdwn").Select(o => (string)o["text"]!).ToList();
        Assert.NotEmpty(mrkdwn);
        Assert.All(mrkdwn, t => Assert.DoesNotContain("<script>", t));
    }

    [Fact]
    public void Bold_is_mrkdwn_bold_even_when_a_heading_comes_with_markdown_asterisks()
    {
        var reply = new Reply
        {
            Title = "T",
            ShortAnswer = "S",
            Sections = [ReplySection.Of("**Who owns it**", "Text"), ReplySection.Of("Line\nbreak", null, ["a"])],
        };

        var texts = BlockKitChecks.Blocks(BlockKitRenderer.Render(reply)).Skip(2).Select(BlockKitChecks.Text).ToList();

        Assert.Equal(["*Who owns it*\nText", "*Line break*\n• a"], texts);
    }

    [Fact]
    public void Empty_parts_make_no_blocks()
    {
        var reply = new Reply
        {
            Title = "T",
            ShortAnswer = "S",
            Sections = [ReplySection.Of("", null)],
            Table = new ComparisonTable(["DevOps"], []),
            Choices = [new Suggestion("", "")],
            Citations = [new Citation("", "", [])],
        };

        var message = BlockKitRenderer.Render(reply);

        BlockKitChecks.WithinSlackLimits(message);
        Assert.Equal(["header", "section"], BlockKitChecks.Types(message));
    }
}

/// <summary>Real answers from the repo's knowledge, rendered as Block Kit.</summary>
[Collection("engine")]
public sealed class BlockKitRenderingOfAnswersTests(EngineFixture fixture)
{
    [Theory]
    [InlineData("/compare devops sre", new[] { "DevOps", "SRE" })]
    [InlineData("/compare devops sre platform", new[] { "DevOps", "SRE", "Platform" })]
    [InlineData("/compare devops sre platform cloud", new[] { "DevOps", "SRE", "Platform", "Cloud" })]
    public void A_real_comparison_is_one_fields_section_per_dimension_with_the_role_names(string question, string[] roles)
    {
        var answer = fixture.Engine.Ask(question);
        Assert.Equal(Intent.Compare, answer.Intent);
        Assert.Equal(roles, answer.Reply.Table!.Columns);

        var message = BlockKitRenderer.Render(answer.Reply);

        BlockKitChecks.WithinSlackLimits(message);
        var rows = BlockKitChecks.TableRows(message);
        Assert.Equal(answer.Reply.Table.Rows.Select(r => $"*{r.Dimension}*"), rows.Select(BlockKitChecks.Text));
        Assert.Equal(RenderingChecks.Dimensions, answer.Reply.Table.Rows.Select(r => r.Dimension));
        Assert.All(rows, row =>
        {
            var fields = BlockKitChecks.Fields(row);
            Assert.Equal(roles.Length, fields.Count);
            for (var i = 0; i < roles.Length; i++) Assert.StartsWith($"*{roles[i]}*\n", fields[i]);
            Assert.All(fields, f => Assert.True(f.Length > $"*x*\n".Length));
        });
    }

    [Theory]
    [InlineData("what does an SRE do?")]
    [InlineData("who writes the runbooks?")]
    [InlineData("what is an error budget?")]
    [InlineData("tools a platform engineer uses")]
    [InlineData("how do devops and sre work together?")]
    [InlineData("interview questions for a cloud engineer")]
    [InlineData("which role fits me? I love automation")]
    [InlineData("/roles")]
    [InlineData("/help")]
    [InlineData("hello")]
    [InlineData("what's the weather like?")]
    public void Real_answers_render_within_limits_with_title_answer_buttons_and_sources(string question)
    {
        var reply = fixture.Engine.Ask(question).Reply;

        var message = BlockKitRenderer.Render(reply, share: new(question, question));

        BlockKitChecks.WithinSlackLimits(message);
        var blocks = BlockKitChecks.Blocks(message);
        Assert.Equal("header", BlockKitChecks.Type(blocks[0]));
        Assert.Equal(reply.Title, BlockKitChecks.Text(blocks[0]));
        Assert.Equal("section", BlockKitChecks.Type(blocks[1]));
        Assert.Equal(BlockKitRenderer.Escape(reply.ShortAnswer.Trim()), BlockKitChecks.Text(blocks[1]));
        Assert.StartsWith(reply.Title, message["text"]!.GetValue<string>());

        var buttons = BlockKitChecks.Buttons(message);
        Assert.Equal(reply.Suggestions.Select((s, i) => ($"followup_{i}", s.Label, s.Message)),
            buttons.Where(b => BlockKitChecks.ActionId(b).StartsWith("followup_", StringComparison.Ordinal))
                .Select(b => (BlockKitChecks.ActionId(b), BlockKitChecks.Label(b), BlockKitChecks.Asks(b)!)));
        // Each follow-up carries the reading it stands for, so a press is answered exactly.
        Assert.Equal(reply.Suggestions.Select(s => s.Reading?.ToJson().ToJsonString()),
            buttons.Where(b => BlockKitChecks.ActionId(b).StartsWith("followup_", StringComparison.Ordinal))
                .Select(b => BlockKitChecks.Pressed(b)!.Reading?.ToJson().ToJsonString()));
        Assert.Equal(question, BlockKitChecks.Asks(buttons[^1]));
        Assert.Equal("share", BlockKitChecks.ActionId(buttons[^1]));

        var sources = string.Join(" ", BlockKitChecks.ContextTexts(message));
        Assert.All(reply.Citations, c => Assert.Contains($"({c.File})", sources));
        if (reply.Citations.Count > 0) Assert.StartsWith("Sources: ", sources);

        // Every section of the reply shows up, bold heading first.
        var texts = blocks.Where(b => BlockKitChecks.Type(b) == "section" && b["text"] is not null).Select(BlockKitChecks.Text).ToList();
        Assert.All(reply.Sections.Where(s => s.Heading.Length > 0), s => Assert.Contains(texts, t => t.StartsWith($"*{BlockKitRenderer.Escape(s.Heading)}*", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_real_did_you_mean_offers_its_choices_as_buttons()
    {
        var reply = fixture.Engine.Ask("tell me about sra").Reply;
        Assert.NotEmpty(reply.Choices);

        var message = BlockKitRenderer.Render(reply);

        BlockKitChecks.WithinSlackLimits(message);
        var choices = BlockKitChecks.Buttons(message).Where(b => BlockKitChecks.ActionId(b).StartsWith("choice_", StringComparison.Ordinal)).ToList();
        Assert.Equal(reply.Choices.Select((c, i) => ($"choice_{i}", c.Message)), choices.Select(b => (BlockKitChecks.ActionId(b), BlockKitChecks.Asks(b)!)));
        Assert.Contains(choices, b => BlockKitChecks.Label(b).Contains("Site Reliability Engineer", StringComparison.Ordinal));
    }
}
