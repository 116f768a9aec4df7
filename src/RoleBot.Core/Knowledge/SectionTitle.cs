using System.Text.RegularExpressions;

namespace RoleBot.Knowledge;

/// <summary>
/// Headings and titles as a reader would say them: "1. Why so many roles in the first place?:" is
/// "Why so many roles in the first place?", "Step 3: Pick a role" is "Pick a role".
/// </summary>
public static partial class SectionTitle
{
    /// <summary>Without the leading numbering ("1.", "2)", "1.2", "I.", "Step 3:") and the trailing colon or dash.</summary>
    public static string Clean(string heading)
    {
        var text = Spaces().Replace(heading, " ").Trim();
        var cleaned = TrailingPunctuation().Replace(Numbering().Replace(text, ""), "").Trim();
        // A heading that is nothing but a number ("Step 2") keeps its words.
        return cleaned.Any(char.IsLetter) ? cleaned : TrailingPunctuation().Replace(text, "").Trim();
    }

    /// <summary>True when the heading carried numbering ("3. DevOps Engineer - …"): in raw articles, a main section.</summary>
    public static bool IsNumbered(string heading) => Numbering().IsMatch(heading.Trim());

    /// <summary>
    /// A title from an article's first line when it has none of its own: the first sentence, cut at a
    /// word boundary to about <paramref name="max"/> characters.
    /// </summary>
    public static string FromFirstLine(string line, int max = 90)
    {
        var text = Spaces().Replace(line, " ").Trim();
        var end = SentenceEnd().Match(text);
        if (end.Success) text = text[..end.Index];
        if (text.Length <= max) return TrailingPunctuation().Replace(text, "").Trim() is { Length: > 0 } t ? t : text;
        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > max / 2 ? cut : max - 1)].TrimEnd(',', ';', ':', ' ', '-', '–', '—') + "…";
    }

    [GeneratedRegex(@"^(?:(?:step|part|section|chapter|phase|stage|tip|lesson)\s+(?:\d+|[ivxlc]+)\b\s*[:.)\-–—]?\s*|\(?\d{1,2}(?:\.\d{1,2})+\.?\)?\s+|\(?\d{1,3}[.):]\)?\s+|(?-i:[IVXLC]+)[.)]\s+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Numbering();

    [GeneratedRegex(@"[\s:;,.\-–—]+$")]
    private static partial Regex TrailingPunctuation();

    [GeneratedRegex(@"(?<=\w{2}[.!?])\s+(?=[A-Z“""(])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
