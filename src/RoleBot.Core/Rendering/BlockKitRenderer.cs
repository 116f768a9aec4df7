using System.Text;
using System.Text.Json.Nodes;
using RoleBot.Answers;
using RoleBot.Understanding;

namespace RoleBot.Rendering;

/// <summary>
/// The reply as a Slack Block Kit message: <c>{ "text": fallback, "blocks": [...] }</c> for
/// <c>chat.postMessage</c> or a <c>response_url</c>. A <c>header</c> with the title, the short answer
/// and each detail section as mrkdwn <c>section</c>s, a comparison as one <c>section</c> per dimension
/// with one field per role (not Slack's newer <c>table</c> block), "did you mean" choices and
/// follow-ups as <c>actions</c> buttons, citations in a <c>context</c> footer.
/// Slack's limits are always met by splitting or trimming, never by failing: long text is split into
/// several sections while the block budget allows, and detail is dropped from the end before the
/// title, the short answer, the buttons or the sources.
/// </summary>
public static partial class BlockKitRenderer
{
    public const int MaxBlocks = 50;
    public const int MaxHeaderText = 150;
    public const int MaxSectionText = 3000;
    public const int MaxFields = 10;
    public const int MaxFieldText = 2000;
    public const int MaxContextElements = 10;
    public const int MaxContextText = 2000;
    public const int MaxActionElements = 25;
    public const int MaxButtonText = 75;
    public const int MaxButtonValue = 2000;
    public const int MaxFallbackText = 3000;

    /// <summary>Headings, dimensions and role names are short labels; longer ones are trimmed.</summary>
    private const int MaxLabel = 300;

    /// <summary>The <c>action_id</c>s the interactivity handler reads back: <c>choice_{i}</c>, <c>followup_{i}</c>, <c>share</c>.</summary>
    public const string ChoiceActionPrefix = "choice_";
    public const string FollowUpActionPrefix = "followup_";
    public const string ShareActionId = "share";
    public const string ShareLabel = "Share in channel";

    /// <summary>The feedback buttons' action_id; each button's value is "like|answer id" or "dislike|answer id".</summary>
    public const string FeedbackActionId = "feedback";

    /// <param name="share">What "Share in channel" posts again: the question and the reading it was answered from.</param>
    /// <param name="feedback">The answer's id in the questions log: Slack's own 👍/👎 (a context_actions block) are shown for it.</param>
    public static JsonObject Render(Reply reply, Suggestion? share = null, string? feedback = null)
    {
        // The parts that are always kept come first in the budget: title, buttons, sources, feedback.
        var header = Header(reply.Title);
        var actions = Actions(reply, share);
        var context = Context(reply.Citations);
        var thumbs = feedback is null ? null : FeedbackButtons(feedback);
        var budget = MaxBlocks - (header is null ? 0 : 1) - actions.Count - (context is null ? 0 : 1) - (thumbs is null ? 0 : 1);

        // Then the short answer, split over several sections if it must be; then the table (kept in
        // preference to the detail, as in the Adaptive Card); then the detail sections in order, so
        // that what does not fit is dropped from the end.
        var greeting = Line(reply.Greeting);
        var answer = TextSections((greeting.Length > 0 ? greeting + "\n" : "") + Escape(reply.ShortAnswer.Trim()), budget);
        budget -= answer.Count;
        var table = reply.Table is { } t ? Table(t, budget) : [];
        budget -= table.Count;
        var detail = new List<JsonObject>();
        foreach (var section in reply.Sections)
        {
            if (budget == 0) break;
            var blocks = TextSections(SectionText(section), budget);
            detail.AddRange(blocks);
            budget -= blocks.Count;
        }

        var all = new JsonArray();
        if (header is not null) all.Add(header);
        foreach (var block in answer.Concat(detail).Concat(table).Concat(actions)) all.Add(block);
        if (context is not null) all.Add(context);
        if (thumbs is not null) all.Add(thumbs);
        var fallback = Fallback(reply);
        if (all.Count == 0) all.Add(Section(Mrkdwn(fallback))); // never an empty message
        return new JsonObject
        {
            ["text"] = fallback,
            ["blocks"] = all,
        };
    }

    /// <summary>Slack's feedback_buttons: the click comes back as block_actions with the pressed button's value.</summary>
    private static JsonObject FeedbackButtons(string answerId)
    {
        JsonObject Thumb(string emoji, string reaction, string label) => new()
        {
            ["text"] = PlainText(emoji),
            ["value"] = Shorten(reaction + "|" + answerId, MaxButtonValue),
            ["accessibility_label"] = label,
        };
        return new JsonObject
        {
            ["type"] = "context_actions",
            ["elements"] = new JsonArray(new JsonObject
            {
                ["type"] = "feedback_buttons",
                ["action_id"] = FeedbackActionId,
                ["positive_button"] = Thumb("👍", "like", "This answer helped"),
                ["negative_button"] = Thumb("👎", "dislike", "This answer did not help"),
            }),
        };
    }

    /// <summary>Escapes the three characters Slack's mrkdwn (and the message <c>text</c>) treats as control characters.</summary>
    public static string Escape(string text)
    {
        if (text.IndexOfAny(['&', '<', '>']) < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Title and short answer, without markup, for notifications and screen readers; never empty.</summary>
    private static string Fallback(Reply reply)
    {
        var text = string.Join("\n", new[] { Escape(reply.Title.Trim()), Line(reply.Greeting), Escape(reply.ShortAnswer.Trim()) }.Where(s => s.Length > 0));
        if (text.Length == 0) text = "RoleBot";
        return Shorten(text, MaxFallbackText);
    }

    private static JsonObject? Header(string title)
    {
        var text = OneLine(title);
        return text.Length == 0 ? null : new JsonObject
        {
            ["type"] = "header",
            ["text"] = PlainText(Shorten(text, MaxHeaderText)),
        };
    }

    /// <summary>A section's mrkdwn: the bold heading on its own line, the text, then the bullets as "• " lines (nested ones as indented "◦ " lines).</summary>
    private static string SectionText(ReplySection section)
    {
        var lines = new List<string>();
        var heading = Bold(section.Heading);
        if (heading.Length > 0) lines.Add(heading);
        if (!string.IsNullOrWhiteSpace(section.Text)) lines.Add(Escape(section.Text.Trim()));
        // mrkdwn has no lists: nested bullets are "◦ " lines indented with em spaces, which Slack keeps.
        lines.AddRange(section.Bullets.Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => ReplySection.Nesting(b) is var (depth, text) && depth > 0
            ? new string('\u2003', 2 * depth) + "◦ " + Escape(text)
            : "• " + Escape(text)));
        lines.AddRange(section.Lines.Select(Line).Where(l => l.Length > 0).Select(l => "• " + l));
        return string.Join("\n", lines);
    }

    /// <summary>
    /// Inline nodes as Slack draws them: <c>&lt;@U…&gt;</c> mentions, <c>&lt;#C…&gt;</c> channels and
    /// <c>&lt;url|text&gt;</c> links; anything that is not a well-formed id or URL stays plain, escaped text.
    /// </summary>
    private static string Line(IEnumerable<Inline> line) => string.Concat(line.Select(i => i switch
    {
        TextRun t => Escape(t.Text),
        Mention m when SlackId().IsMatch(m.Id) && m.Id[0] is 'U' or 'W' => $"<@{m.Id}>",
        Mention m => "@" + Escape(OneLine(m.Name)),
        ChannelRef c when c.SlackId is { } id && SlackId().IsMatch(id) && id[0] is 'C' or 'G' => $"<#{id}>",
        ChannelRef c => Escape(c.Name),
        Link l when l.IsSafe => $"<{l.Url}|{Escape(OneLine(l.Text)).Replace("|", "¦")}>",
        Link l => Escape($"{l.Text} ({l.Url})"),
        _ => "",
    })).Trim();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z][A-Z0-9]{2,20}$")]
    private static partial System.Text.RegularExpressions.Regex SlackId();

    /// <summary>
    /// mrkdwn text as sections of at most <see cref="MaxSectionText"/> characters, split at paragraph,
    /// line or word boundaries; when more than <paramref name="maxBlocks"/> would be needed, the last
    /// one kept ends in "…".
    /// </summary>
    private static List<JsonObject> TextSections(string mrkdwn, int maxBlocks)
    {
        if (maxBlocks <= 0) return [];
        var chunks = Split(mrkdwn, MaxSectionText);
        if (chunks.Count > maxBlocks)
        {
            chunks.RemoveRange(maxBlocks, chunks.Count - maxBlocks);
            chunks[^1] = Shorten(chunks[^1], MaxSectionText, always: true);
        }
        return chunks.Select(c => Section(Mrkdwn(c))).ToList();
    }

    /// <summary>
    /// The comparison, readable on a phone: a divider, then per dimension a section whose text is the
    /// bold dimension and whose fields are "*Role*\ncell", one per role. Rows are dropped from the end
    /// when the budget is short; with no room for a row, the table is left out.
    /// </summary>
    private static List<JsonObject> Table(ComparisonTable table, int budget)
    {
        var columns = table.Columns.Take(MaxFields).Select(c => Bold(c)).ToList();
        var rows = new List<JsonObject>();
        foreach (var row in table.Rows)
        {
            if (rows.Count >= budget - 1) break; // one block is the divider
            var fields = new JsonArray();
            for (var i = 0; i < columns.Count; i++)
            {
                var cell = i < row.Cells.Count && !string.IsNullOrWhiteSpace(row.Cells[i]) ? Escape(row.Cells[i].Trim()) : "—";
                var field = columns[i].Length > 0 ? columns[i] + "\n" + cell : cell;
                fields.Add(Mrkdwn(Shorten(field, MaxFieldText)));
            }
            var dimension = Bold(row.Dimension);
            if (dimension.Length == 0 && fields.Count == 0) continue;
            var section = new JsonObject { ["type"] = "section" };
            if (dimension.Length > 0) section["text"] = Mrkdwn(dimension);
            if (fields.Count > 0) section["fields"] = fields;
            rows.Add(section);
        }
        return rows.Count == 0 ? [] : [new JsonObject { ["type"] = "divider" }, .. rows];
    }

    /// <summary>
    /// The choices in one actions block and the follow-ups (with the share button last) in another,
    /// each within Slack's 25 elements, so the buttons never take more than two blocks.
    /// </summary>
    private static List<JsonObject> Actions(Reply reply, Suggestion? shared)
    {
        var blocks = new List<JsonObject>();

        var choices = reply.Choices.Select((s, i) => Button(s.Label, FollowUpPayload.Value(s, MaxButtonValue), ChoiceActionPrefix + i))
            .OfType<JsonObject>().Take(MaxActionElements).ToList();
        if (choices.Count > 0) blocks.Add(ActionsBlock(choices));

        var share = shared is null ? null : Button(ShareLabel, FollowUpPayload.Value(shared, MaxButtonValue), ShareActionId, style: "primary");
        var followUps = reply.Suggestions.Select((s, i) => Button(s.Label, FollowUpPayload.Value(s, MaxButtonValue), FollowUpActionPrefix + i))
            .OfType<JsonObject>().Take(MaxActionElements - (share is null ? 0 : 1)).ToList();
        if (share is not null) followUps.Add(share);
        if (followUps.Count > 0) blocks.Add(ActionsBlock(followUps));
        return blocks;
    }

    private static JsonObject ActionsBlock(IEnumerable<JsonObject> buttons) => new()
    {
        ["type"] = "actions",
        ["elements"] = new JsonArray([.. buttons]),
    };

    /// <summary>A button whose value is what it asks (<see cref="FollowUpPayload"/>); null when there is nothing to show.</summary>
    private static JsonObject? Button(string label, string value, string actionId, string? style = null)
    {
        var text = OneLine(label);
        if (text.Length == 0) return null;
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(Shorten(text, MaxButtonText)),
            ["action_id"] = actionId,
        };
        if (value.Length > 0) button["value"] = Shorten(value, MaxButtonValue);
        if (style is not null) button["style"] = style;
        return button;
    }

    /// <summary>"Sources: Title (file); …" as up to ten context elements of at most 2,000 characters.</summary>
    private static JsonObject? Context(IReadOnlyList<Citation> citations)
    {
        var items = citations
            .Select(c => (Title: OneLine(c.Title), File: OneLine(c.File)))
            .Where(c => c.Title.Length > 0 || c.File.Length > 0)
            .Select(c => Escape(c.Title.Length == 0 ? c.File : c.File.Length == 0 ? c.Title : $"{c.Title} ({c.File})"))
            .ToList();
        if (items.Count == 0) return null;
        var chunks = Split("Sources: " + string.Join("; ", items), MaxContextText);
        if (chunks.Count > MaxContextElements)
        {
            chunks.RemoveRange(MaxContextElements, chunks.Count - MaxContextElements);
            chunks[^1] = Shorten(chunks[^1], MaxContextText, always: true);
        }
        return new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray([.. chunks.Select(c => (JsonNode)Mrkdwn(c))]),
        };
    }

    private static JsonObject Section(JsonObject text) => new() { ["type"] = "section", ["text"] = text };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    /// <summary>
    /// A label in mrkdwn bold: on one line, escaped, and without asterisks at its ends (they would make
    /// "**x**", which Slack shows literally); empty when there is nothing to show.
    /// </summary>
    private static string Bold(string label)
    {
        var text = OneLine(label).Trim('*').Trim();
        return text.Length == 0 ? "" : "*" + Shorten(Escape(Shorten(text, MaxLabel)), MaxLabel) + "*";
    }

    /// <summary>Whitespace runs (newlines included) as single spaces, trimmed: for headers, labels and buttons.</summary>
    private static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c)) { if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' '); }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Text in pieces of at most <paramref name="max"/> characters, each cut at the last paragraph break,
    /// else line break, else space in its second half; a piece with none of those is cut hard, but never
    /// inside a character's surrogate pair or an <c>&amp;amp;</c> entity.
    /// </summary>
    private static List<string> Split(string text, int max)
    {
        var pieces = new List<string>();
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var cut = Boundary(rest, max);
            var piece = rest[..cut].TrimEnd();
            if (piece.Length > 0) pieces.Add(piece);
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) pieces.Add(rest);
        return pieces;
    }

    private static int Boundary(string text, int max)
    {
        var paragraph = text.LastIndexOf("\n\n", max - 1, StringComparison.Ordinal);
        if (paragraph >= max / 2) return paragraph;
        var line = text.LastIndexOf('\n', max);
        if (line >= max / 2) return line;
        var space = text.LastIndexOfAny([' ', '\t', '\n'], max);
        if (space >= max / 2) return space;
        return SafeCut(text, max);
    }

    /// <summary>
    /// At most <paramref name="max"/> characters: cut at a word boundary and ended with "…" when longer
    /// (or <paramref name="always"/>, to show that something follows that was left out).
    /// </summary>
    private static string Shorten(string text, int max, bool always = false)
    {
        if (text.Length <= max && !always) return text;
        if (text.Length < max) return TrimEnd(text) + "…";
        var limit = max - 1;
        var space = text.LastIndexOfAny([' ', '\t', '\n'], limit);
        var cut = space > limit / 2 ? space : SafeCut(text, limit);
        return TrimEnd(text[..cut]) + "…";
    }

    /// <summary>Trailing spaces and separators before an ellipsis; a ';' that ends an entity stays.</summary>
    private static string TrimEnd(string text)
    {
        while (true)
        {
            text = text.TrimEnd(',', ':', ' ', '\t', '\n');
            if (!text.EndsWith(';') || text.EndsWith("&amp;", StringComparison.Ordinal)
                || text.EndsWith("&lt;", StringComparison.Ordinal) || text.EndsWith("&gt;", StringComparison.Ordinal))
                return text;
            text = text[..^1];
        }
    }

    /// <summary>The largest index ≤ <paramref name="index"/> that splits neither a surrogate pair nor an entity.</summary>
    private static int SafeCut(string text, int index)
    {
        if (index >= text.Length) return text.Length;
        if (index > 0 && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1])) index--;
        var amp = index == 0 ? -1 : text.LastIndexOf('&', index - 1, Math.Min(index, 5));
        if (amp >= 0 && text.IndexOf(';', amp) is var semi && semi >= index && semi - amp <= 5) index = amp;
        return index;
    }
}
