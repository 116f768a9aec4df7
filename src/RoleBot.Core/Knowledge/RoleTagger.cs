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

    /// <summary>Role ids mentioned in <paramref name="text"/>, in catalog order.</summary>
    public IReadOnlyList<string> Tag(string text, bool strongOnly)
    {
        var found = (strongOnly ? _strong : _all).Find(Words.Tokenize(text)).Select(m => m.Key).ToHashSet();
        return _roles.Where(r => found.Contains(r.Id)).Select(r => r.Id).ToList();
    }
}
