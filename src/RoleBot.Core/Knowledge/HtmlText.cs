using System.Net;
using System.Text.RegularExpressions;

namespace RoleBot.Knowledge;

/// <summary>
/// Turns a saved web page into the Markdown the sectioner reads: headings become <c>#</c> lines, list
/// items <c>-</c> lines (indented under the item a nested list sits in), and page furniture (scripts, navigation, headers, footers,
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
        // "<li><p>text</p></li>": the item's text, not an empty item and a paragraph.
        s = ItemParagraph().Replace(s, "$1$2");
        // A list inside a list item is indented under it, so that the Markdown reader sees the nesting.
        var depth = 0;
        s = ListTag().Replace(s, m =>
        {
            var closing = m.Groups[1].Length > 0;
            if (m.Groups[2].Value.Equals("li", StringComparison.OrdinalIgnoreCase))
                return closing ? "\n" : "\n" + new string(' ', 2 * Math.Max(0, depth - 1)) + "- ";
            depth = Math.Max(0, depth + (closing ? -1 : 1));
            return depth == 0 ? "\n\n" : "\n";
        });
        s = BlockBreak().Replace(s, "\n\n");
        s = LineBreak().Replace(s, "\n");
        s = AnyTag().Replace(s, " ");
        s = WebUtility.HtmlDecode(s);
        var lines = s.Split('\n').Select(l =>
        {
            var text = Spaces().Replace(l, " ").Trim();
            var indent = l.Length - l.TrimStart(' ').Length;
            return text.StartsWith("- ") && indent > 0 ? new string(' ', indent) + text : text;
        });
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
    [GeneratedRegex(@"<(/?)(ul|ol|li)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListTag();
    [GeneratedRegex(@"(<li\b[^>]*>)\s*<p\b[^>]*>|</p>\s*(</li>)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItemParagraph();
    [GeneratedRegex(@"</?(p|div|section|article|main|table|tr|blockquote|pre|figure)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockBreak();
    [GeneratedRegex(@"<br\s*/?>|</td>|</th>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();
    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex AnyTag();
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();
}
