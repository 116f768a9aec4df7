using System.Text;

namespace RoleBot.Rendering;

/// <summary>A fixed-width table with word-wrapped cells, for terminals.</summary>
public static class TextTable
{
    public static string Render(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, int width)
    {
        var columns = header.Count;
        var first = Math.Min(20, Math.Max(header[0].Length, rows.Select(r => r[0].Length).DefaultIfEmpty(0).Max()));
        var rest = Math.Max(12, (width - first - 3 * (columns - 1)) / Math.Max(1, columns - 1));
        var widths = Enumerable.Range(0, columns).Select(i => i == 0 ? first : rest).ToArray();
        var sb = new StringBuilder();
        AppendRow(sb, header, widths);
        sb.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows) AppendRow(sb, row, widths);
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> cells, int[] widths)
    {
        var wrapped = cells.Select((c, i) => Wrap(c, widths[i])).ToList();
        var height = wrapped.Max(w => w.Count);
        for (var line = 0; line < height; line++)
        {
            var parts = wrapped.Select((w, i) => (line < w.Count ? w[line] : "").PadRight(widths[i]));
            sb.AppendLine(string.Join(" | ", parts).TrimEnd());
        }
    }

    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var w = word;
            while (w.Length > width)
            {
                if (current.Length > 0) { lines.Add(current.ToString()); current.Clear(); }
                var cut = char.IsHighSurrogate(w[width - 1]) ? width - 1 : width; // never split a surrogate pair
                lines.Add(w[..cut]);
                w = w[cut..];
            }
            if (current.Length > 0 && current.Length + 1 + w.Length > width) { lines.Add(current.ToString()); current.Clear(); }
            if (current.Length > 0) current.Append(' ');
            current.Append(w);
        }
        if (current.Length > 0 || lines.Count == 0) lines.Add(current.ToString());
        return lines;
    }
}
