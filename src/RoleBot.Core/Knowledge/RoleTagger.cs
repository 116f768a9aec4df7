using RoleBot.Text;

namespace RoleBot.Knowledge;

/// <summary>
/// Says which roles a piece of text is about, from the catalog's aliases. Used on the corpus, where
/// there are no typos to forgive; prose tagging can skip the one-word aliases the catalog marks as
/// everyday words (cloud, platform, developer), which also appear in other roles' paragraphs.
/// </summary>
public sealed class RoleTagger
{
    private readonly PhraseMatcher _all = new(_ => true);
    private readonly PhraseMatcher _strong = new(_ => true);
    private readonly IReadOnlyList<Role> _roles;

    public RoleTagger(RoleCatalog catalog)
    {
        _roles = catalog.Roles;
        foreach (var role in catalog.Roles)
        foreach (var alias in role.Aliases)
        {
            _all.Add(role.Id, alias);
            if (IsStrong(role, alias)) _strong.Add(role.Id, alias);
        }
    }

    /// <summary>Multi-word aliases, and one-word aliases that are not everyday words, name a role even in prose.</summary>
    public static bool IsStrong(Role role, string alias) => Words.Tokenize(alias).Count > 1 || !role.EverydayWords.Contains(alias.ToLowerInvariant());

    /// <summary>
    /// The roles a sentence or list item is about, when it says so up front: the label before a colon
    /// ("Site Reliability Engineer (SRE): software engineer focused on…" is about SREs, not software
    /// engineers), else the role that opens it as its subject ("Platform Engineers build the tools
    /// developers rely on"; "DevOps and SRE teams share…" names both). Empty when it opens with
    /// anything else; roles named further on are what it mentions, not what it is about.
    /// </summary>
    public IReadOnlyList<string> Subject(string text)
    {
        var colon = text.IndexOf(':');
        if (colon is > 1 and <= 60 && text.IndexOf('(') is var paren && (paren < 0 || paren > colon || text.IndexOf(')') < colon))
        {
            var label = text[..colon];
            if (Tag(label, strongOnly: true) is { Count: > 0 } strong) return strong;
            if (Tag(label, strongOnly: false) is { Count: > 0 } any) return any;
        }
        var tokens = Words.Tokenize(text);
        var at = 0;
        while (at < tokens.Count && Leading.Contains(tokens[at])) at++;
        var found = new List<string>();
        foreach (var m in _all.Find(tokens))
        {
            if (m.Start < at) continue;
            // The next name joins the subject only after "and", "or", "vs" (or as a repeat of the same role).
            var gap = tokens.Skip(at).Take(m.Start - at).ToList();
            var joins = found.Count == 0 ? gap.Count == 0 : gap.Count > 0 ? gap.All(Joining.Contains) : found.Contains(m.Key);
            if (!joins) break;
            found.Add(m.Key);
            at = m.Start + m.Length;
        }
        return _roles.Where(r => found.Contains(r.Id)).Select(r => r.Id).ToList();
    }

    private static readonly HashSet<string> Leading = ["a", "an", "the", "as", "our", "your", "their", "every", "most"];
    private static readonly HashSet<string> Joining = ["and", "or", "vs", "versus", "nor"];

    /// <summary>Role ids mentioned in <paramref name="text"/>, in catalog order.</summary>
    public IReadOnlyList<string> Tag(string text, bool strongOnly)
    {
        var found = (strongOnly ? _strong : _all).Find(Words.Tokenize(text)).Select(m => m.Key).ToHashSet();
        return _roles.Where(r => found.Contains(r.Id)).Select(r => r.Id).ToList();
    }
}
