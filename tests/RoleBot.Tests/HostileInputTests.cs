using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using RoleBot.Answers;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// Whatever arrives from a channel, the engine answers: no exception, a reply with a title and a
/// short answer, and search syntax is treated as text, never as a query.
/// </summary>
[Collection("engine")]
public sealed class HostileInputTests(EngineFixture fixture)
{
    private RoleBotEngine Engine => fixture.Engine;

    private static string Repeat(string text, int length)
    {
        var sb = new StringBuilder(length + text.Length);
        while (sb.Length < length) sb.Append(text);
        return sb.ToString(0, length);
    }

    private static string RandomText(int length)
    {
        string[] words = ["sre", "devops", "kubernetes", "who", "owns", "the", "pipeline", "C++", "(", "*", "\"", "\0", "é", "ı", "🚀", "\u200F", "AND", "\\", "<b>", "--", "\uD800"];
        var random = new Random(42);
        var sb = new StringBuilder(length + 20);
        while (sb.Length < length) sb.Append(words[random.Next(words.Length)]).Append(random.Next(4) == 0 ? "\n" : " ");
        return sb.ToString(0, length);
    }

    private static readonly Dictionary<string, string?> Messages = new()
    {
        ["null"] = null,
        ["empty"] = "",
        ["whitespace"] = " \t\r\n \u00A0\u2003 ",
        ["100 KB of text"] = Repeat("what does an SRE do and who owns the pipelines? ", 100 * 1024),
        ["1 MB of text"] = RandomText(1024 * 1024),
        ["control characters"] = "what\0 does\u0001 an\u0007 SRE\u001b do?\u007f\u0085",
        ["only NUL"] = "\0\0\0\0",
        ["lone surrogates"] = "\uD800what does an \uDFFFSRE do?\uD800",
        ["only lone surrogates"] = "\uDFFF\uD800\uDBFF",
        ["RTL marks"] = "\u200Fwhat does an SRE do?\u200E\u202E\u2066",
        ["emoji"] = "🤔🤔 what does an SRE do? 🚀🔥👩‍💻",
        ["only emoji"] = "👩‍💻🚀🔥",
        ["SQL injection"] = "'; DROP TABLE roles; --",
        ["SQL tautology"] = "1' OR '1'='1' --",
        ["script tag"] = "<script>alert('x')</script>",
        ["img onerror"] = "<img src=x onerror=alert(1)>what does an SRE do?",
        ["markdown injection"] = "**bold** [link](http://evil.example) `code` | table |",
        ["long single word"] = new string('a', 200_000),
        ["long repeated role word"] = string.Concat(Enumerable.Repeat("kubernetes", 20_000)),
        ["slash command with huge argument"] = "/compare " + Repeat("sre devops ", 100_000),
        ["who with huge task"] = "/who " + Repeat("writes the runbooks ", 100_000),
        ["C++ AND ("] = "C++ AND (",
        ["title:sre^3 OR *"] = "title:sre^3 OR *",
        ["\"unclosed"] = "\"unclosed",
        ["*:*"] = "*:*",
        ["a~2 b^"] = "a~2 b^",
        ["NOT"] = "NOT",
        ["((((("] = "(((((",
        ["\\"] = "\\",
    };

    public static TheoryData<string> AllMessages
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var label in Messages.Keys) data.Add(label);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Any_message_gets_a_reply_with_a_title_and_a_short_answer(string label)
    {
        var message = Messages[label];
        var clock = Stopwatch.StartNew();

        var answer = Engine.Ask(message);

        clock.Stop();
        Assert.False(string.IsNullOrWhiteSpace(answer.Reply.Title), $"{label}: empty title");
        Assert.False(string.IsNullOrWhiteSpace(answer.Reply.ShortAnswer), $"{label}: empty short answer");
        Assert.True(answer.Understood.Confidence is >= 0 and <= 1, $"{label}: confidence {answer.Understood.Confidence}");
        // The reply renders for every channel, and a huge message is answered in interactive time.
        Assert.False(string.IsNullOrWhiteSpace(PlainTextRenderer.Render(answer.Reply)));
        Assert.False(string.IsNullOrWhiteSpace(MarkdownRenderer.Render(answer.Reply)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{label}: took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("control characters")]
    [InlineData("lone surrogates")]
    [InlineData("RTL marks")]
    [InlineData("emoji")]
    [InlineData("img onerror")]
    public void Noise_around_a_real_question_does_not_hide_it(string label)
    {
        var answer = Engine.Ask(Messages[label]);

        Assert.Equal(Intent.Define, answer.Intent);
        Assert.Equal(["sre"], answer.Roles);
    }

    [Theory]
    [InlineData("C++ AND (")]
    [InlineData("title:sre^3 OR *")]
    [InlineData("\"unclosed")]
    [InlineData("*:*")]
    [InlineData("a~2 b^")]
    [InlineData("NOT")]
    [InlineData("(((((")]
    [InlineData("\\")]
    public void Query_syntax_alone_is_unknown_with_a_polite_way_forward(string message)
    {
        var answer = Engine.Ask(message);

        Assert.Equal(Intent.Unknown, answer.Intent);
        Assert.Empty(answer.Roles);
        Assert.Empty(answer.Reply.Citations);
        // It says what it can answer instead, and each suggested follow-up really is answerable.
        foreach (var role in Engine.Knowledge.Catalog.Roles)
            Assert.Contains(role.Short, answer.Reply.ShortAnswer);
        Assert.NotEmpty(answer.Reply.Suggestions);
        foreach (var suggestion in answer.Reply.Suggestions)
            Assert.NotEqual(Intent.Unknown, Engine.Ask(suggestion.Message).Intent);
        if (message.Length > 1) Assert.DoesNotContain(message, answer.Reply.ShortAnswer);
    }

    [Theory]
    [InlineData("what does an SRE do? :)", "define")]
    [InlineData("who writes the runbooks? :-)", "who")]
    [InlineData("how do devops and sre work together :)", "collaborate")]
    [InlineData("what does an SRE do (asking for a friend", "define")]
    public void A_smiley_or_an_unclosed_bracket_does_not_make_a_question_unknown(string message, string intent)
    {
        var answer = Engine.Ask(message);

        Assert.Equal(intent, answer.Intent.Id);
        Assert.NotEmpty(answer.Roles);
    }

    // ---- Markdown escaping ----

    private const string Specials = "*_[]<>`|";

    [Fact]
    public void User_text_echoed_in_a_reply_is_reduced_to_plain_words()
    {
        var answer = Engine.Ask("/role " + Specials + " plumber");
        // The problem quotes what was typed, minus anything that could be markup in some channel.
        Assert.Contains("I don't know the role", answer.Reply.ShortAnswer);
        var quoted = System.Text.RegularExpressions.Regex.Match(answer.Reply.ShortAnswer, "the role \"([^\"]*)\"").Groups[1].Value;
        Assert.Equal("plumber", quoted);
        // Markup alone is nothing readable: no quote at all, just how to use the command.
        Assert.StartsWith("Name the role", Engine.Ask("/role " + Specials).Reply.ShortAnswer);

        var markdown = MarkdownRenderer.Render(answer.Reply);
        Assert.DoesNotContain("*_[", markdown);
        Assert.DoesNotContain("<>", markdown);
    }

    [Fact]
    public void A_script_tag_echoed_in_a_reply_cannot_become_html_in_Markdown()
    {
        var answer = Engine.Ask("/role <script>alert(1)</script>");
        Assert.DoesNotContain("<script>", answer.Reply.ShortAnswer);

        var markdown = MarkdownRenderer.Render(answer.Reply);

        Assert.DoesNotContain("<script>", markdown);
        Assert.DoesNotContain("</script>", markdown);
    }

    [Fact]
    public void Every_text_field_of_a_reply_is_escaped_in_Markdown()
    {
        const string value = "QX" + Specials + "XQ";
        var reply = new Reply
        {
            Title = value,
            ShortAnswer = value,
            Sections = [ReplySection.Of(value, value, [value])],
            Table = new ComparisonTable([value], [new TableRow(value, [value])]),
            Choices = [new Suggestion(value, "choice")],
            Suggestions = [new Suggestion(value, "suggestion")],
            Citations = [new Citation(value, "roles/sre.md", ["source"])],
        };

        var markdown = MarkdownRenderer.Render(reply);

        var rendered = Regex.Matches(markdown, "QX(.*?)XQ").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(11, rendered.Count); // title, short answer, heading, text, bullet, column, dimension, cell, choice, suggestion, citation
        // Each special character is backslash-escaped; a pipe is escaped in table cells, where it would split the cell.
        Assert.All(rendered, r => Assert.True(r is @"\*\_\[\]\<\>\`|" or @"\*\_\[\]\<\>\`\|", $"not escaped: {r}"));
        var tableRows = markdown.Split('\n').Where(l => l.StartsWith('|')).ToList();
        Assert.All(tableRows.Where(l => l.Contains("QX")), l => Assert.Contains(@"\`\|XQ", l));
        // Outside the table no line starts with a pipe, so prose cannot turn into a table.
        Assert.All(markdown.Split('\n').Except(tableRows), l => Assert.False(l.StartsWith('|'), l));
    }
}
