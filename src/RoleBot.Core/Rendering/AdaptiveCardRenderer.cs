using System.Text;
using System.Text.Json.Nodes;
using RoleBot.Answers;

namespace RoleBot.Rendering;

/// <summary>
/// The reply as an Adaptive Card 1.5 (the highest version Teams documents for bot cards):
/// a <c>Table</c> for comparisons with a <c>ColumnSet</c> fallback for older clients, follow-ups as
/// <c>Action.Execute</c> buttons that fall back to <c>Action.Submit</c>, citations in a small footer.
/// The payload is kept under <see cref="MaxBytes"/> by dropping detail from the end, never the answer.
/// </summary>
public static class AdaptiveCardRenderer
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const int MaxBytes = 80 * 1024;

    /// <summary>The verb of a follow-up's Action.Execute; its data is <see cref="FollowUpPayload"/>'s.</summary>
    public const string FollowUpVerb = FollowUpPayload.Verb;

    public static JsonObject Render(Reply reply)
    {
        var sections = reply.Sections.ToList();
        while (true)
        {
            var card = Build(reply, sections);
            // Teams counts a message's size in UTF-16: two bytes a character.
            if (card.ToJsonString().Length * 2 <= MaxBytes || sections.Count == 0 && reply.Table is null)
                return card;
            // Too big for a Teams message: drop detail from the end, then the table, never the short answer.
            if (sections.Count > 0) sections.RemoveAt(sections.Count - 1);
            else reply = reply with { Table = null, ShortAnswer = Phrasing.Shorten(reply.ShortAnswer, 4000) };
        }
    }

    private static JsonObject Build(Reply reply, List<ReplySection> sections)
    {
        var mentions = new JsonArray();
        var body = new JsonArray { Text(reply.Title, weight: "Bolder", size: "Medium", style: "heading") };
        if (reply.Greeting.Count > 0) body.Add(Text(Line(reply.Greeting, mentions)));
        body.Add(Text(reply.ShortAnswer));
        foreach (var section in sections)
        {
            if (section.Heading.Length > 0) body.Add(Text(section.Heading, weight: "Bolder", spacing: "Medium"));
            if (!string.IsNullOrEmpty(section.Text)) body.Add(Text(section.Text));
            foreach (var (depth, items) in Runs(section.Bullets))
            {
                var list = Text(string.Join("\r", items.Select(b => "- " + b)));
                body.Add(depth == 0 ? list : Indented(depth, list));
            }
            if (section.Lines.Count > 0) body.Add(Text(string.Join("\r", section.Lines.Select(l => "- " + Line(l, mentions)))));
        }
        if (reply.Table is { } table) body.Add(Table(table));
        if (reply.Choices.Count > 0) body.Add(Actions(reply.Choices, "Did you mean:"));
        if (reply.Suggestions.Count > 0) body.Add(Actions(reply.Suggestions, null));
        if (reply.Citations.Count > 0)
        {
            body.Add(Text(SourcesLine(reply.Citations), size: "Small", subtle: true, spacing: "Medium"));
        }
        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["msteams"] = mentions.Count == 0 ? new JsonObject { ["width"] = "Full" } : new JsonObject { ["width"] = "Full", ["entities"] = mentions },
            ["body"] = body,
        };
    }

    /// <summary>
    /// Inline nodes as a card's TextBlock markdown: a person as <c>&lt;at&gt;Name&lt;/at&gt;</c> with its
    /// mention entity added to <paramref name="mentions"/> (how Teams cards mention), links as <c>[text](url)</c>.
    /// </summary>
    private static string Line(IEnumerable<Inline> line, JsonArray mentions) => string.Concat(line.Select(i =>
    {
        switch (i)
        {
            case TextRun t: return t.Text;
            case Mention m:
                var name = m.Name.Replace("<", "").Replace(">", "");
                mentions.Add(new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = $"<at>{name}</at>",
                    ["mentioned"] = new JsonObject { ["id"] = m.Id, ["name"] = name },
                });
                return $"<at>{name}</at>";
            case ChannelRef c: return c.Name;
            case Link l when l.IsSafe: return $"[{l.Text.Replace("]", "")}]({l.Url})";
            case Link l: return $"{l.Text} ({l.Url})";
            default: return "";
        }
    }));

    /// <summary>
    /// "Sources: file, file · drawing on: article; article": each knowledge file once, then each
    /// source article once (a comparison's role files share most of their articles).
    /// </summary>
    internal static string SourcesLine(IReadOnlyList<Citation> citations)
    {
        var files = string.Join(", ", citations.Select(c => c.File).Distinct());
        var articles = citations.SelectMany(c => c.Sources).Where(s => citations.All(c => c.Title != s)).Distinct().ToList();
        return articles.Count == 0 ? $"Sources: {files}" : $"Sources: {files} · drawing on: {string.Join("; ", articles)}";
    }

    /// <summary>Consecutive bullets at the same depth, as one list each.</summary>
    private static IEnumerable<(int Depth, List<string> Items)> Runs(IEnumerable<string> bullets)
    {
        (int Depth, List<string> Items)? run = null;
        foreach (var bullet in bullets)
        {
            var (depth, text) = ReplySection.Nesting(bullet);
            if (run is { } r && r.Depth == depth) { r.Items.Add(text); continue; }
            if (run is not null) yield return run.Value;
            run = (depth, [text]);
        }
        if (run is not null) yield return run.Value;
    }

    /// <summary>
    /// A nested list: TextBlock Markdown has no sub-lists, so the list sits in a column to the right of
    /// an empty one as wide as its indentation.
    /// </summary>
    private static JsonObject Indented(int depth, JsonObject list) => new()
    {
        ["type"] = "ColumnSet",
        ["spacing"] = "Small",
        ["columns"] = new JsonArray
        {
            new JsonObject { ["type"] = "Column", ["width"] = $"{16 * depth}px", ["items"] = new JsonArray() },
            new JsonObject { ["type"] = "Column", ["width"] = "stretch", ["items"] = new JsonArray { list } },
        },
    };

    private static JsonObject Text(string text, string? weight = null, string? size = null, string? style = null,
        bool subtle = false, string? spacing = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (weight is not null) block["weight"] = weight;
        if (size is not null) block["size"] = size;
        if (style is not null) block["style"] = style;
        if (subtle) block["isSubtle"] = true;
        if (spacing is not null) block["spacing"] = spacing;
        return block;
    }

    private static JsonObject Table(ComparisonTable table)
    {
        JsonObject Cell(string text, bool header) => new()
        {
            ["type"] = "TableCell",
            ["items"] = new JsonArray { Text(text, weight: header ? "Bolder" : null) },
        };
        var rows = new JsonArray
        {
            new JsonObject { ["type"] = "TableRow", ["cells"] = new JsonArray([Cell("", true), .. table.Columns.Select(c => (JsonNode)Cell(c, true))]) },
        };
        foreach (var row in table.Rows)
            rows.Add(new JsonObject { ["type"] = "TableRow", ["cells"] = new JsonArray([Cell(row.Dimension, true), .. row.Cells.Select(c => (JsonNode)Cell(c, false))]) });

        // Clients older than 1.5 render the fallback: one ColumnSet per row.
        var fallback = new JsonArray();
        foreach (var row in new[] { new TableRow("", table.Columns) }.Concat(table.Rows))
        {
            var header = row.Dimension.Length == 0;
            fallback.Add(new JsonObject
            {
                ["type"] = "ColumnSet",
                ["separator"] = !header,
                ["columns"] = new JsonArray([
                    Column(row.Dimension, true),
                    .. row.Cells.Select(c => (JsonNode)Column(c, header)),
                ]),
            });
        }
        return new JsonObject
        {
            ["type"] = "Table",
            ["firstRowAsHeader"] = true,
            ["showGridLines"] = true,
            ["gridStyle"] = "accent",
            ["columns"] = new JsonArray([new JsonObject { ["width"] = 1 }, .. table.Columns.Select(_ => (JsonNode)new JsonObject { ["width"] = 2 })]),
            ["rows"] = rows,
            ["fallback"] = new JsonObject { ["type"] = "Container", ["items"] = fallback },
        };
    }

    private static JsonObject Column(string text, bool bold) => new()
    {
        ["type"] = "Column",
        ["width"] = "stretch",
        ["items"] = new JsonArray { Text(text, weight: bold ? "Bolder" : null, size: "Small") },
    };

    private static JsonObject Actions(IEnumerable<RoleBot.Understanding.Suggestion> suggestions, string? label)
    {
        var actions = new JsonArray();
        foreach (var s in suggestions)
        {
            var data = FollowUpPayload.Data(s);
            actions.Add(new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = s.Label,
                ["verb"] = FollowUpVerb,
                ["data"] = data,
                ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = s.Label, ["data"] = data.DeepClone() },
            });
        }
        var set = new JsonObject { ["type"] = "ActionSet", ["actions"] = actions };
        if (label is null) return set;
        return new JsonObject
        {
            ["type"] = "Container",
            ["items"] = new JsonArray { Text(label, weight: "Bolder"), set },
        };
    }
}
