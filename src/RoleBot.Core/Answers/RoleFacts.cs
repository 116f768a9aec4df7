using System.Collections.Concurrent;
using RoleBot.Knowledge;
using RoleBot.Search;

namespace RoleBot.Answers;

/// <summary>
/// Answers that depend on the corpus but not on the question, worked out once per engine: a role's
/// best passage of each kind (a comparison needs ~14 of them), and which role each role is most
/// often discussed alongside.
/// </summary>
public sealed class RoleFacts
{
    private readonly PassageIndex _index;
    private readonly RoleCatalog _catalog;
    private readonly ConcurrentDictionary<(string Role, PassageKind Kind), Passage?> _best = new();
    private readonly Dictionary<(string, string), int> _together = [];

    public RoleFacts(KnowledgeBase knowledge, PassageIndex index)
    {
        _index = index;
        _catalog = knowledge.Catalog;
        foreach (var p in knowledge.Passages)
            foreach (var a in p.Roles)
                foreach (var b in p.Roles.Where(b => b != a))
                    _together[(a, b)] = _together.GetValueOrDefault((a, b)) + 1;
    }

    /// <summary>The passage that best represents <paramref name="role"/> for <paramref name="kind"/>, if any.</summary>
    public Passage? Best(string role, PassageKind kind) => _best.GetOrAdd((role, kind), key =>
        _index.Search(_catalog.Get(key.Role).Name + " " + key.Kind, new SearchFilter { Roles = [key.Role], Kinds = [key.Kind] }, 1)
              .Select(h => h.Passage).FirstOrDefault());

    /// <summary>The role people most often confuse with this one: the one sharing most passages.</summary>
    public string Closest(string role, IEnumerable<string> others) =>
        others.OrderByDescending(o => _together.GetValueOrDefault((role, o)))
              .ThenBy(o => _catalog.Find(o)?.CompareLast == true ? 1 : 0)
              .First();
}
