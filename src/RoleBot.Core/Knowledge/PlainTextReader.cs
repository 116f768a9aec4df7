using System.Text.RegularExpressions;

namespace RoleBot.Knowledge;

/// <summary>
/// Reads text pasted or saved from the web, which has no markup to say what is a heading: headings are
/// guessed from the shape of a line (short, not a sentence, followed by text), a title wrapped onto
/// two lines is joined, bullets ("•", "-", "1.") are list items, and a line broken mid-sentence is
/// joined to the one before. Indented bullets are nested; a flat list whose item ends in a colon
/// ("Designing and running:") holds the short items after it.
/// </summary>
internal static partial class PlainTextReader
{
    public static List<Section> Read(List<string> lines, string? title)
    {
        var sections = new List<Section> { new() };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? paragraph = null;
        var paragraphIsBullet = false;
        var depth = 0;
        var indents = new List<int>();

        void Flush()
        {
            if (paragraph is null) return;
            var text = MarkdownReader.InlineText(paragraph);
            var blocks = sections[^1].Blocks;
            paragraph = null;
            if (text.Length == 0) return;
            // "Keeping systems reliable" then "• without killing developer velocity.": one sentence the page
            // broke into a line and a bullet.
            if (paragraphIsBullet && char.IsLower(text[0]) && blocks.Count > 0 && !blocks[^1].Bullet && !EndsSentence(blocks[^1].Text))
                blocks[^1] = blocks[^1] with { Text = blocks[^1].Text + " " + text };
            // Pages repeat their title and teaser; the second copy adds nothing.
            else if (paragraphIsBullet || seen.Add(text)) blocks.Add(new Block(text, paragraphIsBullet, paragraphIsBullet ? depth : 0));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0) { Flush(); continue; }
            if (HtmlOnly().IsMatch(trimmed)) continue;

            // A title wrapped onto two lines ("… Owning Reliability &" / "Incidents") is one heading.
            while (trimmed.Length < 120 && Unfinished().IsMatch(trimmed))
            {
                var j = i + 1;
                if (j < lines.Count && lines[j].Trim().Length == 0) j++; // one blank line may sit between
                if (j >= lines.Count || lines[j].Trim() is not { Length: > 0 and < 60 } rest || BulletPrefix().IsMatch(lines[j])) break;
                trimmed = trimmed + " " + rest;
                i = j;
            }
            // The title, wherever the page repeats it, is the article's heading, not its text.
            if (title is not null && SameText(MarkdownReader.InlineText(trimmed), title))
            {
                Flush();
                if (seen.Add(title)) sections.Add(new Section(title, 1));
                continue;
            }
            var heading = HeadingOf(trimmed, NextNonEmpty(lines, i));
            if (heading is not null)
            {
                Flush();
                indents.Clear();
                var (text, level, rest) = heading.Value;
                var section = new Section(text, level);
                if (seen.Contains(section.Heading) && sections.Count == 1 && sections[0].Blocks.Count == 0) continue;
                seen.Add(section.Heading);
                sections.Add(section);
                if (rest is not null) { paragraph = rest; paragraphIsBullet = false; Flush(); }
                continue;
            }

            var bullet = BulletPrefix().Match(line);
            if (bullet.Success)
            {
                Flush();
                depth = Depth(indents, Indent(line), bullet.Groups[1].Value);
                paragraph = line[bullet.Length..].Trim();
                paragraphIsBullet = true;
                continue;
            }

            // Plain text pasted from the web has a paragraph per line, except where a line was broken
            // mid-sentence.
            var continues = paragraph is not null && !EndsSentence(paragraph) && char.IsLower(trimmed[0]);
            if (continues) paragraph += " " + trimmed;
            else { Flush(); indents.Clear(); paragraph = trimmed; paragraphIsBullet = false; }
        }
        Flush();
        foreach (var s in sections) NestUnderIntroducingItems(s.Blocks);
        return sections.Where(s => s.Blocks.Count > 0 || s.Heading.Length > 0).ToList();
    }

    /// <summary>A saved article usually starts with its title: a short first line that is not a sentence.</summary>
    public static string? TitleLine(List<string> lines)
    {
        var first = lines.Select(l => MarkdownReader.InlineText(l.Trim())).FirstOrDefault(l => l.Length > 0);
        if (first is null) return null;
        var words = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words is >= 3 and <= 24 && !EndsSentence(first) && !first.EndsWith('?') || words is >= 3 and <= 24 && first.Contains(':') ? first : null;
    }

    /// <summary>"Common misconception: many companies believe…": a known label opening a paragraph is a heading.</summary>
    public static (string Name, string Text)? LabelHeading(string text)
    {
        var label = InlineLabel().Match(text);
        if (!label.Success) return null;
        var name = label.Groups[1].Value.Trim();
        return KindClassifier.FromHeading(name) != PassageKind.General ? (name, label.Groups[2].Value.Trim()) : null;
    }

    private static bool SameText(string a, string b) =>
        string.Equals(Spaces().Replace(a, " ").Trim(), Spaces().Replace(b, " ").Trim(), StringComparison.OrdinalIgnoreCase);

    private static int Indent(string line) => line.TakeWhile(char.IsWhiteSpace).Sum(c => c == '\t' ? 4 : 1);

    /// <summary>How deep a bullet sits: deeper than the one before when indented further, or marked "◦"/"▪".</summary>
    private static int Depth(List<int> indents, int indent, string marker)
    {
        while (indents.Count > 0 && indent < indents[^1]) indents.RemoveAt(indents.Count - 1);
        if (indents.Count == 0 || indent > indents[^1]) indents.Add(indent);
        var depth = indents.Count - 1;
        return Math.Max(depth, marker switch { "◦" => 1, "▪" => 2, _ => 0 });
    }

    /// <summary>
    /// Saved pages often lose the indentation of nested lists: "Designing and running:", "Alerting and
    /// on-call rotations", "Incident response, …", "Building reliability tools: …" all sit at one level.
    /// An item ending in a colon introduces the items after it, as long as they read as its parts: an
    /// item that introduces a list of its own, states "label: items", is a sentence where the parts are
    /// not, or starts like the introducing item where the parts do not ("Provisioning …:" / "Compute" /
    /// "Implementing …") is the next item at the outer level.
    /// </summary>
    private static void NestUnderIntroducingItems(List<Block> blocks)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            var parent = blocks[i];
            if (!parent.Bullet || !parent.Text.EndsWith(':')) continue;
            // Only lists that came flat: any indentation given by the page is kept as it is.
            var j = i + 1;
            var children = new List<int>();
            while (j < blocks.Count && blocks[j] is { Bullet: true } item && item.Depth == parent.Depth)
            {
                if (item.Text.EndsWith(':') || LabelledItem().IsMatch(item.Text)) break;
                if (children.Count > 0)
                {
                    var first = blocks[children[0]].Text;
                    if (EndsSentence(item.Text) && !EndsSentence(first)) break;
                    if (Shape(item.Text) is { } shape && shape == Shape(parent.Text) && Shape(first) != shape) break;
                }
                children.Add(j);
                j++;
            }
            foreach (var c in children) blocks[c] = blocks[c] with { Depth = parent.Depth + 1 };
            if (children.Count > 0) i = children[^1];
        }
    }

    /// <summary>
    /// How an item starts: with a verb phrase in the gerund ("Implementing Infrastructure as Code"), or
    /// otherwise (null): a noun that happens to end in -ing ("Messaging (SQS, …)") is not a verb phrase.
    /// </summary>
    private static string? Shape(string text)
    {
        var words = Parenthesised().Replace(text, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3) return null;
        var first = words[0].Trim('“', '"');
        if (first.Length < 5 || !char.IsUpper(first[0]) || first.Skip(1).Any(char.IsUpper)) return null;
        return first.EndsWith("ing") ? "ing" : null;
    }

    [GeneratedRegex(@"\([^)]*\)")] private static partial Regex Parenthesised();

    private static string? NextNonEmpty(List<string> lines, int i)
    {
        for (var j = i + 1; j < lines.Count; j++)
            if (lines[j].Trim().Length > 0) return lines[j].Trim();
        return null;
    }

    /// <summary>(heading text, level, rest of the line as a paragraph) when the line is a heading.</summary>
    private static (string Text, int Level, string? Remainder)? HeadingOf(string line, string? next)
    {
        var bold = BoldHeading().Match(line);
        if (bold.Success) return (MarkdownReader.InlineText(bold.Groups[1].Value).TrimEnd(':'), 3, null);

        if (LabelHeading(line) is { } label) return (MarkdownReader.InlineText(label.Name), 3, MarkdownReader.InlineText(label.Text));

        if (next is null || (BulletPrefix().IsMatch(line) && !SectionTitle.IsNumbered(line))) return null;
        // A line that still ends in "&", "and", "-" after joining is half a sentence, not a title.
        if (Unfinished().IsMatch(line)) return null;
        // "Keeping systems reliable, observable, and resilient" followed by "• without killing…" is a
        // sentence broken across lines, not a heading.
        var nextText = BulletPrefix().Replace(next, "");
        if (nextText.Length > 0 && char.IsLower(nextText[0])) return null;
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var looksLikeTitle = words <= 12 && line.Length <= 100 && !EndsSentence(line) && !line.EndsWith(',') &&
                             (char.IsUpper(line[0]) || char.IsDigit(line[0])) && line.Any(char.IsLetter);
        if (looksLikeTitle && line.EndsWith(':') && KindClassifier.FromHeading(line) == PassageKind.General && words > 2) return null;
        if (looksLikeTitle) return (MarkdownReader.InlineText(line), SectionTitle.IsNumbered(line) ? 2 : 3, null);
        // "Key responsibilities:" is a heading; "Modern systems are:" is the start of a list.
        var intro = words <= 8 && line.EndsWith(':') && KindClassifier.FromHeading(line) != PassageKind.General;
        return intro ? (MarkdownReader.InlineText(line), 3, null) : null;
    }

    internal static bool EndsSentence(string text) => text.TrimEnd() is var t && (t.EndsWith('.') || t.EndsWith('!') || t.EndsWith(';') || t.EndsWith('…'));

    [GeneratedRegex(@"(\s(&|and|or|vs\.?|-|–|/)|,)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)] private static partial Regex Unfinished();
    [GeneratedRegex(@"^</?[a-zA-Z][^>]*>$")] private static partial Regex HtmlOnly();
    [GeneratedRegex(@"^\*\*([^*]{2,80}?)\*\*\s*:?\s*(_[^_]{0,60}_|\*[^*]{0,60}\*)?\s*$")] private static partial Regex BoldHeading();
    [GeneratedRegex(@"^(?:\*\*)?([A-Z][A-Za-z’' -]{2,40}?)(?:\*\*)?:(?:\*\*)?\s+(\S.{20,})$")] private static partial Regex InlineLabel();
    [GeneratedRegex(@"^\s*([-*•●▪◦–]|\d+[.)])\s+")] private static partial Regex BulletPrefix();
    /// <summary>"Building reliability tools: chaos tests, load tests, …": an item that is a label and its parts.</summary>
    [GeneratedRegex(@"^[^():]{3,60}:\s+\S")] private static partial Regex LabelledItem();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
}
