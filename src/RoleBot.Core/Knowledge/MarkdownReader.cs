using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MdBlock = Markdig.Syntax.Block;

namespace RoleBot.Knowledge;

/// <summary>
/// Reads Markdown (our own files, raw <c>.md</c> articles, text with <c>#</c> headings or front
/// matter, and saved HTML once <see cref="HtmlText"/> has made it Markdown) with Markdig: headings
/// with their levels, paragraphs with wrapped lines joined, lists with their nesting, and emphasis,
/// links and entities as plain words. The <c>&lt;!-- roles: … --&gt;</c> comment under a heading
/// sets that section's metadata; other raw HTML is page furniture and is dropped.
/// </summary>
internal static partial class MarkdownReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    /// <param name="raw">A raw article rather than one of ours: a paragraph that is only bold text is
    /// a heading, and so is a known label opening a paragraph ("**Common misconception:** …").</param>
    public static List<Section> Read(string markdown, bool raw)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var reader = new Reading(raw);
        foreach (var block in document) reader.Visit(block);
        return reader.Sections;
    }

    /// <summary>The plain words of one line of text that may carry inline Markdown ("**bold**", "[link](url)").</summary>
    public static string InlineText(string line)
    {
        var document = Markdown.Parse(line, Pipeline);
        var parts = document.Descendants<LeafBlock>().Select(Text).Where(t => t.Length > 0);
        return Spaces().Replace(string.Join(" ", parts), " ").Trim();
    }

    private sealed class Reading(bool raw)
    {
        public readonly List<Section> Sections = [new()];
        private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

        private Section Current => Sections[^1];

        public void Visit(MdBlock block)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    AddHeading(InlineOf(heading.Inline), heading.Level);
                    break;
                case ParagraphBlock paragraph:
                    AddParagraph(paragraph);
                    break;
                case ListBlock list:
                    AddList(list, 0);
                    break;
                case HtmlBlock html:
                    // Our metadata comment; any other raw HTML is furniture (figures, embeds, widgets).
                    if (MetaComment().Match(html.Lines.ToString().Trim()) is { Success: true } meta) Current.ApplyMeta(meta.Groups[1].Value);
                    break;
                case QuoteBlock quote:
                    foreach (var child in quote) Visit(child);
                    break;
                case CodeBlock code:
                    AddText(Spaces().Replace(code.Lines.ToString(), " ").Trim(), bullet: false, depth: 0);
                    break;
                case ContainerBlock container:
                    foreach (var child in container) Visit(child);
                    break;
            }
        }

        private void AddHeading(string text, int level)
        {
            if (text.Length == 0) return;
            var heading = new Section(text, level);
            // A page that repeats its title before any text: one heading is enough.
            if (_seen.Contains(heading.Heading) && Sections.Count == 1 && Sections[0].Blocks.Count == 0) return;
            _seen.Add(heading.Heading);
            Sections.Add(heading);
        }

        private void AddParagraph(ParagraphBlock paragraph)
        {
            var text = InlineOf(paragraph.Inline);
            if (raw && BoldOnly(paragraph.Inline) is { } bold)
            {
                AddHeading(bold, 3);
                return;
            }
            if (raw && PlainTextReader.LabelHeading(text) is { } label)
            {
                AddHeading(label.Name, 3);
                AddText(label.Text, bullet: false, depth: 0);
                return;
            }
            AddText(text, bullet: false, depth: 0);
        }

        private void AddList(ListBlock list, int depth)
        {
            foreach (var item in list.OfType<ListItemBlock>())
            {
                var text = new StringBuilder();
                var nested = new List<ListBlock>();
                foreach (var child in item)
                {
                    if (child is ListBlock sub) nested.Add(sub);
                    else if (child is LeafBlock leaf) text.Append(' ').Append(Text(leaf));
                    else if (child is ContainerBlock container)
                        foreach (var inner in container.Descendants<LeafBlock>()) text.Append(" ").Append(Text(inner));
                }
                AddText(Spaces().Replace(text.ToString(), " ").Trim(), bullet: true, depth);
                foreach (var sub in nested) AddList(sub, depth + 1);
            }
        }

        private void AddText(string text, bool bullet, int depth)
        {
            if (text.Length == 0) return;
            // Pages repeat their title and teaser; the second copy adds nothing.
            if (!bullet && !_seen.Add(text)) return;
            Current.Blocks.Add(new Block(text, bullet, depth));
        }
    }

    /// <summary>"**DevOps Engineers:** _The Bridge-Builders_": bold text alone, perhaps with an italic tagline, is a heading.</summary>
    private static string? BoldOnly(ContainerInline? inline)
    {
        if (inline is null) return null;
        var parts = inline.Where(i => !(i is LiteralInline l && l.Content.IsEmptyOrWhitespace()) && i is not LineBreakInline).ToList();
        if (parts.Count is 0 or > 2) return null;
        if (parts[0] is not EmphasisInline { DelimiterCount: 2 } strong) return null;
        if (parts.Count == 2 && parts[1] is not EmphasisInline { DelimiterCount: 1 }) return null;
        var text = InlineOf(strong).TrimEnd(':', ' ');
        return text.Length is >= 2 and <= 80 ? text : null;
    }

    private static string Text(LeafBlock leaf) =>
        leaf.Inline is not null ? InlineOf(leaf.Inline) : Spaces().Replace(leaf.Lines.ToString(), " ").Trim();

    private static string InlineOf(ContainerInline? inline)
    {
        if (inline is null) return "";
        var sb = new StringBuilder();
        Append(sb, inline);
        return Spaces().Replace(sb.ToString(), " ").Trim();
    }

    private static void Append(StringBuilder sb, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
            case LinkInline { IsImage: true }: break;
            case CodeInline code: sb.Append(code.Content); break;
            case AutolinkInline link: sb.Append(link.Url); break;
            case LineBreakInline: sb.Append(' '); break;
            case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
            // Real tags go; "List<T>" is text.
            case HtmlInline html: if (!HtmlTag().IsMatch(html.Tag)) sb.Append(html.Tag); break;
            case ContainerInline container:
                foreach (var child in container) Append(sb, child);
                break;
        }
    }

    [GeneratedRegex(@"^<!--\s*(.*?)\s*-->$", RegexOptions.Singleline)] private static partial Regex MetaComment();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();

    /// <summary>Real HTML tags only: "List&lt;T&gt;" or "&lt; 300 ms … &gt; 1%" are text.</summary>
    [GeneratedRegex(@"^(<!--.*-->|</?(a|abbr|b|br|code|div|em|figure|figcaption|h[1-6]|hr|i|img|kbd|li|ol|p|pre|small|span|strong|sub|sup|table|tbody|thead|td|th|tr|u|ul|iframe|video|source|picture|section|article|aside|nav|header|footer|blockquote|mark|del|ins|s|q|cite|time|button|input|label|form|svg|path|script|style|noscript|center|font)(\s[^<>]*)?/?>)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex HtmlTag();
}
