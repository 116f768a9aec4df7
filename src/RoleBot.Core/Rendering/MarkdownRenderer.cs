using System.Text;
using RoleBot.Answers;

namespace RoleBot.Rendering;

/// <summary>
/// CommonMark with GitHub tables: for Web Chat, Teams text messages with textFormat markdown, and
/// anything else that shows Markdown. Text from the corpus is escaped so it cannot inject markup.
/// </summary>
public static class MarkdownRenderer
{
    public static string Render(Reply reply)
    {
        var sb = new StringBuilder();
        sb.Append("**").Append(Escape(reply.Title)).AppendLine("**").AppendLine();
        if (reply.Greeting.Count > 0) sb.AppendLine(Line(reply.Greeting)).AppendLine();
        sb.AppendLine(Escape(reply.ShortAnswer).Replace("\n", "  \n"));
        foreach (var section in reply.Sections)
        {
            sb.AppendLine();
            if (section.Heading.Length > 0) sb.Append("**").Append(Escape(section.Heading)).AppendLine("**").AppendLine();
            if (!string.IsNullOrEmpty(section.Text)) sb.AppendLine(Escape(section.Text)).AppendLine();
            // A nested bullet is indented two spaces a level, which CommonMark reads as a sub-list.
            foreach (var b in section.Bullets)
            {
                var (depth, text) = ReplySection.Nesting(b);
                sb.Append(' ', 2 * depth).Append("- ").AppendLine(Escape(text));
            }
            foreach (var line in section.Lines) sb.Append("- ").AppendLine(Line(line));
        }
        if (reply.Table is { } table)
        {
            sb.AppendLine();
            sb.Append("| |").AppendLine(string.Concat(table.Columns.Select(c => $" **{Cell(c)}** |")));
            sb.Append("|---|").AppendLine(string.Concat(table.Columns.Select(_ => "---|")));
            foreach (var row in table.Rows)
                sb.Append($"| **{Cell(row.Dimension)}** |").AppendLine(string.Concat(row.Cells.Select(c => $" {Cell(c)} |")));
        }
        if (reply.Choices.Count > 0)
        {
            sb.AppendLine();
            for (var i = 0; i < reply.Choices.Count; i++) sb.AppendLine($"{i + 1}. {Escape(reply.Choices[i].Label)}");
        }
        if (reply.Suggestions.Count > 0)
            sb.AppendLine().Append("*You could ask:* ").AppendLine(string.Join(" · ", reply.Suggestions.Select(s => Escape(s.Label))));
        if (reply.Citations.Count > 0)
            sb.AppendLine().Append("*Sources:* ").AppendLine(string.Join("; ", reply.Citations.Select(c => $"{Escape(c.Title)} (`{c.File}`)")));
        return sb.ToString().TrimEnd() + "\n";
    }

    private static string Cell(string text) => Escape(text).Replace("|", "\\|").Replace("\n", " ");

    /// <summary>Backslash-escapes the characters that would start Markdown syntax.</summary>
    /// <summary>Inline nodes as Markdown: links as <c>[text](url)</c> (http and https only), people as "@Name".</summary>
    private static string Line(IEnumerable<Inline> line) => string.Concat(line.Select(i => i switch
    {
        TextRun t => Escape(t.Text),
        Mention m => "@" + Escape(m.Name),
        ChannelRef c => Escape(c.Name),
        Link l when l.IsSafe => $"[{Escape(l.Text)}]({l.Url})",
        Link l => Escape($"{l.Text} ({l.Url})"),
        _ => "",
    }));

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|' && c != '|') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
