using System.Net;
using System.Text.RegularExpressions;

namespace RoleBot.Knowledge;

/// <summary>
/// Turns a saved web page into the Markdown-ish text the sectioner reads: headings become <c>#</c>
/// lines, list items <c>-</c> lines, and page furniture (scripts, navigation, headers, footers,
/// asides, forms) disappears with its content.
/// </summary>
public static partial class HtmlText
{
    public static (string? Title, string Text) Convert(string html)
    {
        var title = TitleTag().Match(html) is { Success: true } m ? Clean(m.Groups[1].Value) : null;
        var s = Comments().Replace(html, " ");
        s = Furniture().Replace(s, " ");
        // Source line breaks mean nothing in HTML; only the tags below make lines.
        s = Whitespace().Replace(s, " ");
        s = Heading().Replace(s, h => $"\n\n{new string('#', h.Groups[1].Value[0] - '0')} {Clean(h.Groups[2].Value)}\n\n");
        s = ListItem().Replace(s, "\n- ");
        s = BlockBreak().Replace(s, "\n\n");
        s = LineBreak().Replace(s, "\n");
        s = AnyTag().Replace(s, " ");
        s = WebUtility.HtmlDecode(s);
        var lines = s.Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return (title, string.Join('\n', lines));
    }

    private static string Clean(string fragment) =>
        Spaces().Replace(WebUtility.HtmlDecode(AnyTag().Replace(fragment, " ")), " ").Trim();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex TitleTag();
    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comments();
    [GeneratedRegex(@"<(script|style|noscript|nav|header|footer|aside|form|svg|button|template|head)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Furniture();
    [GeneratedRegex(@"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Heading();
    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();
    [GeneratedRegex(@"</?(p|div|section|article|main|ul|ol|table|tr|blockquote|pre|figure)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockBreak();
    [GeneratedRegex(@"<br\s*/?>|</li>|</td>|</th>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();
    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex AnyTag();
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();
}
