using System.Text.RegularExpressions;

namespace RoleBot.Knowledge;

/// <summary>
/// Splits one document into passages. Two dialects:
/// <list type="bullet">
/// <item>our own Markdown (front matter with a <c>kind</c>): one passage per <c>##</c> section, metadata from
/// the front matter and the <c>&lt;!-- roles: …; aliases: … --&gt;</c> comment under a heading;</item>
/// <item>raw articles (saved pages, pasted text): headings are guessed from the text's shape, chrome is
/// stripped, and sections without a heading of their own are split at paragraphs so that each passage
/// stays about one thing.</item>
/// </list>
/// </summary>
public sealed partial class ArticleParser(RoleTagger tagger)
{
    private int _nextId;

    public Article Parse(string file, string content)
    {
        string? htmlTitle = null;
        if (file.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            (htmlTitle, content) = HtmlText.Convert(content);

        var (meta, body) = FrontMatter.Split(content.Replace("\r\n", "\n").Replace('\r', '\n').Replace('\u00A0', ' '));
        var curated = meta.Kind is not null;
        // Our own files carry no web chrome; only raw articles pay for stripping it.
        var lines = curated ? body.Split('\n').ToList() : Boilerplate.Strip(body.Split('\n'));
        var markdown = curated || file.EndsWith(".md", StringComparison.OrdinalIgnoreCase);
        var sections = ReadSections(lines, markdown, curated);

        var title = meta.Title ?? htmlTitle ?? GuessTitle(lines) ?? Path.GetFileNameWithoutExtension(file);
        var sources = meta.Sources.Count > 0 ? meta.Sources : [title];
        var passages = curated
            ? CuratedPassages(sections, meta, title, file, sources)
            : RawPassages(sections, title, file, sources);
        return new Article(title, file, meta.Kind ?? "article", meta.Roles, sources, passages);
    }

    // ---- reading lines into sections ----

    private sealed class Section
    {
        public string Heading = "";
        public int Level;
        public readonly List<string> MetaRoles = [];
        public readonly List<string> MetaAliases = [];
        public PassageKind? MetaKind;
        public readonly List<Block> Blocks = [];
    }

    /// <summary>A paragraph, or a bullet item (<see cref="Bullet"/>).</summary>
    private sealed record Block(string Text, bool Bullet);

    private static List<Section> ReadSections(List<string> lines, bool markdown, bool curated)
    {
        var sections = new List<Section> { new() };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? paragraph = null;
        var paragraphIsBullet = false;

        void Flush()
        {
            if (paragraph is null) return;
            var text = Inline(paragraph);
            // Pages repeat their title and teaser; the second copy adds nothing.
            var blocks = sections[^1].Blocks;
            if (paragraphIsBullet && Continuation().IsMatch(text) && blocks.Count > 0 && blocks[^1].Bullet)
            {
                // "• DevOps Engineer" then "• → Improves how code flows…": one item, name and text.
                blocks[^1] = blocks[^1] with { Text = blocks[^1].Text.TrimEnd(':', ' ') + ": " + Continuation().Replace(text, "") };
            }
            else if (text.Length > 0 && (paragraphIsBullet || seen.Add(text))) blocks.Add(new Block(text, paragraphIsBullet));
            paragraph = null;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0) { Flush(); continue; }

            var meta = MetaComment().Match(trimmed);
            if (meta.Success)
            {
                Flush();
                ApplyMeta(sections[^1], meta.Groups[1].Value);
                continue;
            }
            if (HtmlOnly().IsMatch(trimmed)) continue;

            // A title wrapped onto two lines ("… Owning Reliability &" / "Incidents") is one heading.
            while (!markdown && trimmed.Length < 120 && Unfinished().IsMatch(trimmed))
            {
                var j = i + 1;
                if (j < lines.Count && lines[j].Trim().Length == 0) j++; // one blank line may sit between
                if (j >= lines.Count || lines[j].Trim() is not { Length: > 0 and < 60 } rest || BulletPrefix().IsMatch(lines[j])) break;
                trimmed = trimmed + " " + rest;
                i = j;
            }
            var heading = HeadingOf(trimmed, NextNonEmpty(lines, i), markdown, curated);
            if (heading is not null)
            {
                Flush();
                var (text, level, rest) = heading.Value;
                if (seen.Contains(text) && sections.Count == 1 && sections[0].Blocks.Count == 0) continue;
                seen.Add(text);
                sections.Add(new Section { Heading = text, Level = level });
                if (rest is not null) { paragraph = rest; paragraphIsBullet = false; Flush(); }
                continue;
            }

            var bullet = BulletPrefix().Match(line);
            if (bullet.Success)
            {
                Flush();
                paragraph = line[bullet.Length..].Trim();
                paragraphIsBullet = true;
                continue;
            }

            // Markdown joins wrapped lines; plain text pasted from the web has a paragraph per line,
            // except where a line was broken mid-sentence.
            var continues = paragraph is not null &&
                            (markdown || (!EndsSentence(paragraph) && char.IsLower(trimmed[0])));
            if (continues) paragraph += " " + trimmed;
            else { Flush(); paragraph = trimmed; paragraphIsBullet = false; }
        }
        Flush();
        return sections.Where(s => s.Blocks.Count > 0 || s.Heading.Length > 0).ToList();
    }

    private static string? NextNonEmpty(List<string> lines, int i)
    {
        for (var j = i + 1; j < lines.Count; j++)
            if (lines[j].Trim().Length > 0) return lines[j].Trim();
        return null;
    }

    private static void ApplyMeta(Section section, string body)
    {
        foreach (var part in body.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':');
            if (colon < 0) continue;
            var key = part[..colon].Trim().ToLowerInvariant();
            var values = part[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            switch (key)
            {
                case "roles": section.MetaRoles.AddRange(values.Select(v => v.ToLowerInvariant())); break;
                case "aliases": section.MetaAliases.AddRange(values); break;
                case "kind": section.MetaKind = KindClassifier.Parse(values.FirstOrDefault()); break;
            }
        }
    }

    /// <summary>(heading text, level, rest of the line as a paragraph) when the line is a heading.</summary>
    private static (string Text, int Level, string? Remainder)? HeadingOf(string line, string? next, bool markdown, bool curated)
    {
        var md = MarkdownHeading().Match(line);
        if (md.Success) return (Inline(md.Groups[2].Value), md.Groups[1].Length, null);
        if (curated) return null;

        var bold = BoldHeading().Match(line);
        if (bold.Success) return (Inline(bold.Groups[1].Value).TrimEnd(':'), 3, null);

        // "Common misconception: many companies believe…": a known label opening a paragraph.
        var label = InlineLabel().Match(line);
        if (label.Success)
        {
            var name = Inline(label.Groups[1].Value);
            if (KindClassifier.FromHeading(name) != PassageKind.General) return (name, 3, Inline(label.Groups[2].Value));
        }

        if (markdown || next is null || (BulletPrefix().IsMatch(line) && !NumberedHeading().IsMatch(line))) return null;
        // "Keeping systems reliable, observable, and resilient" followed by "• without killing…" is a
        // sentence broken across lines, not a heading.
        var nextText = BulletPrefix().Replace(next, "");
        if (nextText.Length > 0 && char.IsLower(nextText[0])) return null;
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var looksLikeTitle = words <= 12 && line.Length <= 100 && !EndsSentence(line) && !line.EndsWith(',') &&
                             (char.IsUpper(line[0]) || char.IsDigit(line[0])) && line.Any(char.IsLetter);
        if (looksLikeTitle && line.EndsWith(':') && KindClassifier.FromHeading(line) == PassageKind.General && words > 2) return null;
        if (looksLikeTitle) return (Inline(line).TrimEnd(':').Trim(), NumberedHeading().IsMatch(line) ? 2 : 3, null);
        // "Key responsibilities:" is a heading; "Modern systems are:" is the start of a list.
        var intro = words <= 8 && line.EndsWith(':') && KindClassifier.FromHeading(line) != PassageKind.General;
        return intro ? (Inline(line).TrimEnd(':').Trim(), 3, null) : null;
    }

    private static bool EndsSentence(string text) => text.TrimEnd().EndsWith('.') || text.TrimEnd().EndsWith('!') ||
                                                     text.TrimEnd().EndsWith(';') || text.TrimEnd().EndsWith('…');

    /// <summary>Markdown inline syntax out, plain words in.</summary>
    internal static string Inline(string text)
    {
        var s = Image().Replace(text, "");
        s = Link().Replace(s, "$1");
        s = s.Replace("**", "").Replace("__", "");
        s = Emphasis().Replace(s, "$1");
        s = AnyTag().Replace(s, "");
        s = s.Replace("&nbsp;", " ").Replace("&amp;", "&");
        return Spaces().Replace(s, " ").Trim();
    }

    /// <summary>A saved article usually starts with its title: a short first line that is not a sentence.</summary>
    private static string? GuessTitle(List<string> lines)
    {
        var first = lines.Select(l => Inline(l.Trim().TrimStart('#', ' '))).FirstOrDefault(l => l.Length > 0);
        if (first is null) return null;
        var words = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words is >= 3 and <= 24 && !EndsSentence(first) && !first.EndsWith('?') || words is >= 3 and <= 24 && first.Contains(':') ? first : null;
    }

    // ---- sections into passages ----

    private List<Passage> CuratedPassages(List<Section> sections, FrontMatter meta, string title, string file, IReadOnlyList<string> sources)
    {
        var passages = new List<Passage>();
        foreach (var s in sections.Where(s => s.Blocks.Count > 0))
        {
            var kind = s.MetaKind ?? KindFor(meta.Kind, s.Heading);
            var roles = s.MetaRoles.Count > 0 ? s.MetaRoles
                : meta.Roles.Count > 0 ? meta.Roles
                : tagger.Tag(s.Heading + ". " + string.Join(' ', s.Blocks.Select(b => b.Text)), strongOnly: true);
            passages.Add(Make(title, file, sources, s.Heading, kind, roles, s.MetaAliases, s.Blocks));
        }
        return passages;
    }

    private static PassageKind KindFor(string? fileKind, string heading) => fileKind switch
    {
        "glossary" => PassageKind.Glossary,
        "ownership" => PassageKind.Ownership,
        "collaboration" => PassageKind.Collaboration,
        "onboarding" => PassageKind.Onboarding,
        _ => KindClassifier.FromHeading(heading),
    };

    private List<Passage> RawPassages(List<Section> sections, string title, string file, IReadOnlyList<string> sources)
    {
        var passages = new List<Passage>();
        IReadOnlyList<string> context = [];
        var contextLevel = 0;
        foreach (var s in sections)
        {
            var headingText = NumberPrefix().Replace(s.Heading, "");
            // Strong names first: "Platform Engineer - Owning the Internal Developer Platform" is
            // about platform engineers, not developers.
            var headingRoles = tagger.Tag(headingText, strongOnly: true) is { Count: > 0 } strong ? strong : tagger.Tag(headingText, strongOnly: false);
            var kind = KindClassifier.FromHeading(headingText);
            // A heading naming roles sets the context for the subsections under it ("What They Do:",
            // "Day-to-Day Tools:"). A sibling or higher heading ends it, and so does a heading about
            // something else or about several roles at once ("Key differences", "… vs …").
            if (headingRoles.Count > 0) { context = headingRoles; contextLevel = s.Level; }
            else if (kind == PassageKind.General || s.Level <= contextLevel || CrossRole().IsMatch(headingText))
                context = [];
            if (s.Blocks.Count == 0) continue;

            // Items that each name a different role ("For DevOps: …", "For SRE: …") speak for
            // themselves, whatever heading they sit under.
            var named = RolesOfBlocks(s.Blocks);
            if (context.Count > 0 && named.Count >= 2 && SplitByRole(s.Blocks, named).Count() > 1)
                context = [];
            if (context.Count > 0 || kind != PassageKind.General)
            {
                var roles = context.Count > 0 ? context : named;
                foreach (var group in SplitByRole(s.Blocks, roles))
                    passages.Add(Make(title, file, sources, s.Heading, kind, group.Roles, [], group.Blocks));
                continue;
            }

            // No heading to lean on: each paragraph (with the bullets that follow it) stands alone.
            foreach (var unit in ParagraphUnits(s.Blocks))
                foreach (var group in SplitByRole(unit, RolesOfBlocks(unit)))
                {
                    var unitKind = kind == PassageKind.General ? KindClassifier.FromHeading(group.Blocks[0].Text.Split('.')[0]) : kind;
                    passages.Add(Make(title, file, sources, s.Heading, unitKind, group.Roles, [], group.Blocks));
                }
        }
        return passages;
    }

    private IReadOnlyList<string> RolesOfBlocks(IEnumerable<Block> blocks) =>
        tagger.Tag(string.Join(' ', blocks.Select(b => b.Text)), strongOnly: true);

    /// <summary>
    /// A bullet list whose items each name a different single role ("DevOps engineers automate…",
    /// "SREs keep…") becomes one passage per item, so each answers about its own role.
    /// </summary>
    private IEnumerable<(IReadOnlyList<string> Roles, List<Block> Blocks)> SplitByRole(List<Block> blocks, IReadOnlyList<string> roles)
    {
        var bullets = blocks.Where(b => b.Bullet).ToList();
        if (roles.Count > 1 && bullets.Count >= 2)
        {
            // Strong names first: "For DevOps: … cloud costs …" is about DevOps, not Cloud.
            var perItem = bullets.Select(b => (Block: b, Roles: tagger.Tag(b.Text, strongOnly: true) is { Count: > 0 } strong ? strong : tagger.Tag(b.Text, strongOnly: false))).ToList();
            var single = perItem.Where(p => p.Roles.Count == 1).ToList();
            if (single.Count >= 2 && single.Select(p => p.Roles[0]).Distinct().Count() >= 2)
            {
                var lead = blocks.Where(b => !b.Bullet).ToList();
                if (lead.Count > 0) yield return (roles, lead);
                // An item naming no role continues the one before ("• SRE", "• → focused on reliability…").
                List<Block>? group = null;
                IReadOnlyList<string> groupRoles = roles;
                foreach (var p in perItem)
                {
                    if (p.Roles.Count > 0 || group is null)
                    {
                        if (group is not null) yield return (groupRoles, group);
                        group = [p.Block];
                        groupRoles = p.Roles.Count > 0 ? p.Roles : roles;
                    }
                    else group.Add(p.Block);
                }
                if (group is not null) yield return (groupRoles, group);
                yield break;
            }
        }
        yield return (roles, blocks);
    }

    private static IEnumerable<List<Block>> ParagraphUnits(List<Block> blocks)
    {
        List<Block>? unit = null;
        foreach (var b in blocks)
        {
            if (!b.Bullet || unit is null)
            {
                if (unit is not null) yield return unit;
                unit = [b];
            }
            else unit.Add(b);
        }
        if (unit is not null) yield return unit;
    }

    private Passage Make(string title, string file, IReadOnlyList<string> sources, string heading, PassageKind kind,
        IReadOnlyList<string> roles, IReadOnlyList<string> aliases, List<Block> blocks)
    {
        var first = blocks.FindIndex(b => !b.Bullet);
        var summaryIndex = first >= 0 ? first : 0;
        var summary = blocks[summaryIndex].Text;
        summary = summary.TrimStart('→', ' ');
        var details = blocks.Where((_, i) => i != summaryIndex).Select(b => b.Bullet ? "- " + b.Text.TrimStart('→', ' ') : b.Text).ToList();
        return new Passage(Interlocked.Increment(ref _nextId), title, file, sources, heading, kind,
            roles.Distinct().ToList(), aliases, summary, details);
    }

    [GeneratedRegex(@"^<!--\s*(.*?)\s*-->$")] private static partial Regex MetaComment();
    [GeneratedRegex(@"^\s*(→|->|=>|⇒)\s*")] private static partial Regex Continuation();
    [GeneratedRegex(@"(\s(&|and|or|vs\.?|-|–|/)|,)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)] private static partial Regex Unfinished();
    [GeneratedRegex(@"^</?[a-zA-Z][^>]*>$")] private static partial Regex HtmlOnly();
    [GeneratedRegex(@"^(#{1,6})\s+(.+?)\s*#*$")] private static partial Regex MarkdownHeading();
    [GeneratedRegex(@"^\*\*([^*]{2,80}?)\*\*\s*:?\s*(_[^_]{0,60}_|\*[^*]{0,60}\*)?\s*$")] private static partial Regex BoldHeading();
    [GeneratedRegex(@"^(?:\*\*)?([A-Z][A-Za-z’' -]{2,40}?)(?:\*\*)?:(?:\*\*)?\s+(\S.{20,})$")] private static partial Regex InlineLabel();
    [GeneratedRegex(@"^\s*([-*•●▪◦–]|\d+[.)])\s+")] private static partial Regex BulletPrefix();
    [GeneratedRegex(@"^\d+[.)]\s+")] private static partial Regex NumberedHeading();
    [GeneratedRegex(@"\b(differ\w*|vs\.?|versus|compar\w*|in one sentence|which role|choose)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)] private static partial Regex CrossRole();
    [GeneratedRegex(@"^\s*\d+[.)]\s*")] private static partial Regex NumberPrefix();
    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")] private static partial Regex Image();
    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")] private static partial Regex Link();
    [GeneratedRegex(@"(?<![\w*])[_*]([^_*\n]+)[_*](?![\w*])")] private static partial Regex Emphasis();
    /// <summary>Real HTML tags only: "List&lt;T&gt;" or "&lt; 300 ms … &gt; 1%" are text.</summary>
    [GeneratedRegex(@"</?(a|abbr|b|br|code|div|em|figure|figcaption|h[1-6]|hr|i|img|kbd|li|ol|p|pre|small|span|strong|sub|sup|table|tbody|thead|td|th|tr|u|ul|iframe|video|source|picture|section|article|aside|nav|header|footer|blockquote|mark|del|ins|s|q|cite|time|button|input|label|form|svg|path|script|style|noscript|center|font)(\s[^<>]*)?/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)] private static partial Regex AnyTag();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
}
