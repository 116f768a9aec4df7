namespace RoleBot.Knowledge;

/// <summary>
/// One document as both readers see it (<see cref="MarkdownReader"/> for Markdown and saved HTML,
/// <see cref="PlainTextReader"/> for pasted text): sections under headings, each a run of paragraphs
/// and list items, list items with their nesting depth. Inline markup is already plain words.
/// </summary>
internal sealed class Section
{
    public Section(string heading = "", int level = 0)
    {
        Heading = SectionTitle.Clean(heading);
        Level = level;
    }

    public string Heading { get; }
    public int Level { get; }
    public readonly List<string> MetaRoles = [];
    public readonly List<string> MetaAliases = [];
    public PassageKind? MetaKind;
    public readonly List<Block> Blocks = [];

    /// <summary>The <c>&lt;!-- roles: …; aliases: …; kind: … --&gt;</c> comment under a heading.</summary>
    public void ApplyMeta(string body)
    {
        foreach (var part in body.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':');
            if (colon < 0) continue;
            var key = part[..colon].Trim().ToLowerInvariant();
            var values = part[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            switch (key)
            {
                case "roles": MetaRoles.AddRange(values.Select(v => v.ToLowerInvariant())); break;
                case "aliases": MetaAliases.AddRange(values); break;
                case "kind": MetaKind = KindClassifier.Parse(values.FirstOrDefault()); break;
            }
        }
    }
}

/// <summary>A paragraph, or a list item (<see cref="Bullet"/>) <see cref="Depth"/> levels down (0: top level).</summary>
internal sealed record Block(string Text, bool Bullet, int Depth = 0);
