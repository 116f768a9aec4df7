using System.Text;

namespace RoleBot.Curation.Report;

/// <summary>
/// Logged text as a report shows it. Questions are whatever anyone typed: control characters
/// (a terminal would obey an ESC sequence) and bidirectional overrides (which make text read
/// differently from what it is) become spaces, and a pasted wall of text is cut.
/// </summary>
public static class Display
{
    public static string Line(string? text, int max = 160)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(Math.Min(text.Length, max));
        var space = false;
        foreach (var c in text)
        {
            var blank = char.IsWhiteSpace(c) || char.IsControl(c) || IsBidiControl(c);
            if (blank) { space = sb.Length > 0; continue; }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
            if (sb.Length >= max && !char.IsHighSurrogate(c)) return sb.ToString().TrimEnd() + "…";
        }
        return sb.ToString();
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}
