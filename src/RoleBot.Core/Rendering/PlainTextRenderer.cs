using System.Text;
using RoleBot.Answers;

namespace RoleBot.Rendering;

/// <summary>Plain text for terminals, notifications and the JSON "text" field: no markup at all.</summary>
public static class PlainTextRenderer
{
    public static string Render(Reply reply, int width = 100)
    {
        var sb = new StringBuilder();
        sb.AppendLine(reply.Title);
        if (reply.Greeting.Count > 0) sb.AppendLine(Inline.Plain(reply.Greeting));
        sb.AppendLine(reply.ShortAnswer);
        foreach (var section in reply.Sections)
        {
            sb.AppendLine();
            // "Why so many roles?" is a heading as it stands; "Tools" becomes "Tools:".
            if (section.Heading.Length > 0) sb.AppendLine(section.Heading.TrimEnd() is var h && (h.EndsWith('?') || h.EndsWith('!') || h.EndsWith(':')) ? h : h + ":");
            if (!string.IsNullOrEmpty(section.Text)) sb.AppendLine(section.Text);
            foreach (var b in section.Bullets)
            {
                // Nested bullets sit under their parent: "  • Designing and running:" / "      ◦ Alerting…".
                var (depth, text) = ReplySection.Nesting(b);
                sb.Append(' ', 2 + 4 * depth).Append(depth == 0 ? "• " : "◦ ").AppendLine(text);
            }
            foreach (var line in section.Lines) sb.AppendLine("  • " + Inline.Plain(line));
        }
        if (reply.Table is { } table)
        {
            sb.AppendLine();
            sb.Append(TextTable.Render(["", .. table.Columns], table.Rows.Select(r => (IReadOnlyList<string>)[r.Dimension, .. r.Cells]).ToList(), width));
        }
        if (reply.Choices.Count > 0)
        {
            sb.AppendLine();
            for (var i = 0; i < reply.Choices.Count; i++) sb.AppendLine($"  {i + 1}. {reply.Choices[i].Label}");
        }
        if (reply.Suggestions.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("You could ask: " + string.Join(" | ", reply.Suggestions.Select(s => s.Label)));
        }
        if (reply.Citations.Count > 0)
        {
            sb.AppendLine("Sources: " + string.Join("; ", reply.Citations.Select(c => $"{c.Title} ({c.File})")));
        }
        return sb.ToString().TrimEnd() + "\n";
    }
}
