using System.Text.RegularExpressions;

namespace RoleBot.Knowledge;

/// <summary>
/// Splits one document into passages. Two dialects:
/// <list type="bullet">
/// <item>our own Markdown (front matter with a <c>kind</c>): one passage per <c>##</c> section, metadata from
/// the front matter and the <c>&lt;!-- roles: …; aliases: … --&gt;</c> comment under a heading;</item>
/// <item>raw articles (saved pages, pasted text): chrome is stripped, and sections without a heading
/// of their own are split at paragraphs so that each passage stays about one thing.</item>
/// </list>
/// Anything with Markdown structure (our files, <c>.md</c>, front matter or <c>#</c> headings, saved
/// HTML) is read by <see cref="MarkdownReader"/> (Markdig); plain text, whose headings can only be
/// guessed from the shape of its lines, by <see cref="PlainTextReader"/>. Both give the same sections
/// of paragraphs and nested list items.
/// </summary>
public sealed partial class ArticleParser(RoleTagger tagger)
{
    private int _nextId;

    public Article Parse(string file, string content)
    {
        var html = file.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);
        string? htmlTitle = null;
        if (html) (htmlTitle, content) = HtmlText.Convert(content);

        var text = content.Replace("\r\n", "\n").Replace('\r', '\n').Replace('\u00A0', ' ');
        var (meta, body) = FrontMatter.Split(text);
        var curated = meta.Kind is not null;
        // Our own files carry no web chrome; only raw articles pay for stripping it.
        var lines = curated ? body.Split('\n').ToList() : Boilerplate.Strip(body.Split('\n'));
        var markdown = curated || html || body.Length != text.Length || AtxHeading().IsMatch(body) ||
                       file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);

        List<Section> sections;
        string? opening;
        if (markdown)
        {
            sections = MarkdownReader.Read(string.Join('\n', lines), raw: !curated);
            // A heading before any text is the article's own.
            opening = sections.FirstOrDefault(s => s.Blocks.Count > 0 || s.Heading.Length > 0) is { Heading.Length: > 0 } first ? first.Heading : null;
        }
        else
        {
            opening = PlainTextReader.TitleLine(lines);
            sections = PlainTextReader.Read(lines, opening);
        }
        if (!curated)
            foreach (var s in sections) JoinContinuations(s.Blocks);

        // Front matter, then the page's <title>, then the heading or title line that opens the article,
        // then its first line: never a file name, which means nothing to the person reading the answer.
        var title = meta.Title ?? htmlTitle ?? opening
                    ?? sections.SelectMany(s => s.Blocks).Select(b => SectionTitle.FromFirstLine(b.Text)).FirstOrDefault(t => t.Length > 0)
                    ?? Path.GetFileNameWithoutExtension(file);
        var sources = meta.Sources.Count > 0 ? meta.Sources : [title];
        var passages = curated
            ? CuratedPassages(sections, meta, title, file, sources)
            : RawPassages(sections, title, file, sources);
        return new Article(title, file, meta.Kind ?? "article", meta.Roles, sources, passages);
    }

    /// <summary>
    /// "• DevOps Engineer" then "• → Improves how code flows…" is one item, name and text; so is "• You enjoy
    /// CI/CD…" then "→ You'll likely enjoy DevOps Engineer roles.", and in a list of such pairs the pairs
    /// whose second line has lost its arrow ("• You love cloud…" then "Cloud Engineer fits you well.").
    /// </summary>
    private static void JoinContinuations(List<Block> blocks)
    {
        for (var i = 1; i < blocks.Count; i++)
        {
            if (blocks[i - 1].Bullet && blocks[i].Bullet && blocks[i].Depth == blocks[i - 1].Depth && Arrow().IsMatch(blocks[i].Text))
            {
                blocks[i - 1] = blocks[i - 1] with { Text = Joined(blocks[i - 1].Text, Arrow().Replace(blocks[i].Text, "")) };
                blocks.RemoveAt(i--);
            }
        }
        for (var i = 0; i < blocks.Count; i++)
        {
            int pairs = 0, arrows = 0;
            for (var j = i; j + 1 < blocks.Count && blocks[j].Bullet && !blocks[j + 1].Bullet && blocks[j + 1].Text.Split(' ').Length <= 12; j += 2)
            {
                pairs++;
                if (Arrow().IsMatch(blocks[j + 1].Text)) arrows++;
            }
            if (arrows == 0 || pairs < 2 && arrows < pairs) continue;
            for (var k = 0; k < pairs; k++)
            {
                blocks[i + k] = blocks[i + k] with { Text = Joined(blocks[i + k].Text, Arrow().Replace(blocks[i + k + 1].Text, "")) };
                blocks.RemoveAt(i + k + 1);
            }
            i += pairs - 1;
        }
    }

    /// <summary>A name and what follows it ("DevOps Engineer: Improves…"); a statement and its conclusion as two sentences.</summary>
    private static string Joined(string first, string then)
    {
        first = first.TrimEnd();
        if (first.EndsWith(':') || PlainTextReader.EndsSentence(first) || first.EndsWith('?')) return first + " " + then;
        var name = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5 && !first.Contains(',');
        return first + (name ? ": " : ". ") + then;
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
            // The article's title (its top heading) heads the opening text but says nothing about its kind or role.
            var headingText = s.Level == 1 && s.Heading.Equals(title, StringComparison.OrdinalIgnoreCase) ? "" : s.Heading;
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
    /// "SREs keep…") becomes one passage per item, so each answers about its own role. An item is about
    /// the role it opens with ("Site Reliability Engineer (SRE): software engineer focused on…" is about
    /// SREs, not software engineers), else the roles it names; its nested items go with it.
    /// </summary>
    private IEnumerable<(IReadOnlyList<string> Roles, List<Block> Blocks)> SplitByRole(List<Block> blocks, IReadOnlyList<string> roles)
    {
        var items = Items(blocks).ToList();
        if (roles.Count > 1 && items.Count >= 2)
        {
            // Strong names first: "For DevOps: … cloud costs …" is about DevOps, not Cloud.
            var perItem = items.Select(item => (item.Blocks, Roles: ItemRoles(item.Blocks[0].Text))).ToList();
            var single = perItem.Where(p => p.Roles.Count == 1).ToList();
            if (single.Count >= 2 && single.Select(p => p.Roles[0]).Distinct().Count() >= 2)
            {
                // The lead paragraph is about the roles it names, else about all those its list names.
                var lead = blocks.Where(b => !b.Bullet).ToList();
                if (lead.Count > 0) yield return (RolesOfBlocks(lead) is { Count: > 0 } own ? own : roles, lead);
                // An item naming no role continues the one before ("• SRE", "• focused on reliability…").
                List<Block>? group = null;
                IReadOnlyList<string> groupRoles = roles;
                foreach (var p in perItem)
                {
                    if (p.Roles.Count > 0 || group is null)
                    {
                        if (group is not null) yield return (groupRoles, group);
                        group = [.. p.Blocks];
                        groupRoles = p.Roles.Count > 0 ? p.Roles : roles;
                    }
                    else group.AddRange(p.Blocks);
                }
                if (group is not null) yield return (groupRoles, group);
                yield break;
            }
        }
        yield return (roles, blocks);
    }

    private IReadOnlyList<string> ItemRoles(string text) =>
        tagger.Subject(text) is { Count: > 0 } subject ? subject
        : tagger.Tag(text, strongOnly: true) is { Count: > 0 } strong ? strong
        : tagger.Tag(text, strongOnly: false);

    /// <summary>The top-level list items, each with the items nested under it.</summary>
    private static IEnumerable<(List<Block> Blocks, int Depth)> Items(List<Block> blocks)
    {
        var bullets = blocks.Where(b => b.Bullet).ToList();
        if (bullets.Count == 0) yield break;
        var top = bullets.Min(b => b.Depth);
        List<Block>? item = null;
        foreach (var b in bullets)
        {
            if (b.Depth == top || item is null)
            {
                if (item is not null) yield return (item, top);
                item = [b];
            }
            else item.Add(b);
        }
        if (item is not null) yield return (item, top);
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

    /// <summary>
    /// A passage from a run of blocks: the first paragraph is its summary (or the first item, with the
    /// items nested under it as its list: "Designing an IDP: self-service environments, templates"),
    /// the rest its details, items as "- " lines indented two spaces a level.
    /// </summary>
    private Passage Make(string title, string file, IReadOnlyList<string> sources, string heading, PassageKind kind,
        IReadOnlyList<string> roles, IReadOnlyList<string> aliases, List<Block> blocks)
    {
        var first = blocks.FindIndex(b => !b.Bullet);
        var summaryIndex = first >= 0 ? first : 0;
        var summary = Arrow().Replace(blocks[summaryIndex].Text, "");
        var skip = new HashSet<int> { summaryIndex };
        if (blocks[summaryIndex].Bullet)
        {
            var parts = new List<string>();
            for (var i = summaryIndex + 1; i < blocks.Count && blocks[i].Bullet && blocks[i].Depth > blocks[summaryIndex].Depth; i++)
            {
                parts.Add(blocks[i].Text.TrimEnd('.', ';', ','));
                skip.Add(i);
            }
            if (parts.Count > 0) summary = summary.TrimEnd(':', ' ') + ": " + string.Join(", ", parts);
        }
        var details = new List<string>();
        var top = blocks.Where(b => b.Bullet).Select(b => b.Depth).DefaultIfEmpty(0).Min();
        var previous = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (skip.Contains(i)) continue;
            var b = blocks[i];
            if (!b.Bullet) { details.Add(b.Text); previous = -1; continue; }
            // Never deeper than one level below the item before: no item hangs under nothing.
            var depth = Math.Min(b.Depth - top, previous + 1);
            details.Add(new string(' ', 2 * depth) + "- " + Arrow().Replace(b.Text, ""));
            previous = depth;
        }
        return new Passage(Interlocked.Increment(ref _nextId), title, file, sources, heading, kind,
            roles.Distinct().ToList(), aliases, summary, details);
    }

    [GeneratedRegex(@"^#{1,6}\s+\S", RegexOptions.Multiline)] private static partial Regex AtxHeading();
    [GeneratedRegex(@"^\s*(→|->|=>|⇒|➜|➔)\s*")] private static partial Regex Arrow();
    [GeneratedRegex(@"\b(differ\w*|vs\.?|versus|compar\w*|in one sentence|which role|choose)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)] private static partial Regex CrossRole();
}
