using RoleBot.Knowledge;
using RoleBot.Meaning;

namespace RoleBot.Search;

/// <summary>A passage found by words and meaning: its fused rank score and its cosine to the question.</summary>
public sealed record HybridHit(Passage Passage, double Score, float Cosine);

/// <summary>
/// Passages ranked by BM25 (the Lucene index) and by meaning (cosine between the question's and the
/// passage's sentence embeddings, brute force: Lucene.Net 4.8 has no vector search), fused by
/// reciprocal rank (Σ 1/(60 + rank), as Azure AI Search does) so neither score scale dominates.
/// Both lists are taken within the same filter, so a "who" question only ever meets ownership
/// sections and a shared word can't pull in a glossary term.
/// </summary>
public sealed class HybridSearch(PassageIndex index, IReadOnlyList<Passage> passages, IReadOnlyDictionary<int, float[]> vectors)
{
    private const int RrfK = 60, Depth = 40;
    private const double TieWidth = 0.0004;

    public PassageIndex Index => index;

    public float[]? VectorOf(Passage p) => vectors.GetValueOrDefault(p.Id);

    public IReadOnlyList<HybridHit> Search(string text, float[]? query, SearchFilter filter, int count = 5)
    {
        var fused = new Dictionary<Passage, double>();
        var lexical = index.Search(text, filter, Depth);
        for (var r = 0; r < lexical.Count; r++) fused[lexical[r].Passage] = 1.0 / (RrfK + r + 1);

        var cosines = new Dictionary<Passage, float>();
        if (query is not null)
        {
            var dense = passages.Where(p => Matches(p, filter) && vectors.ContainsKey(p.Id))
                .Select(p => (Passage: p, Cosine: Vectors.Dot(query, vectors[p.Id])))
                .OrderByDescending(e => e.Cosine)
                .Take(Depth)
                .ToList();
            for (var r = 0; r < dense.Count; r++)
            {
                cosines[dense[r].Passage] = dense[r].Cosine;
                fused[dense[r].Passage] = fused.GetValueOrDefault(dense[r].Passage) + 1.0 / (RrfK + r + 1);
            }
        }
        // Fused scores within a rank's width of each other (first in one list and third in the
        // other vs second in both) go to the closer meaning: a shared word ("aws" in "aws bill" and
        // "aws account") should not beat what was meant.
        return fused.OrderByDescending(e => Math.Round(e.Value / TieWidth))
            .ThenByDescending(e => cosines.GetValueOrDefault(e.Key, float.MinValue))
            .Take(count)
            .Select(e => new HybridHit(e.Key, e.Value, cosines.TryGetValue(e.Key, out var c) ? c : query is null ? 0 : Cosine(query, e.Key)))
            .ToList();
    }

    public float Cosine(float[] query, Passage p) => vectors.TryGetValue(p.Id, out var v) ? Vectors.Dot(query, v) : 0;

    private static bool Matches(Passage p, SearchFilter filter) =>
        (filter.Kinds.Count == 0 || filter.Kinds.Contains(p.Kind)) &&
        (filter.Roles.Count == 0 || p.Roles.Any(filter.Roles.Contains));

    /// <summary>What a passage is embedded as: its heading, the names it goes by and its summary.</summary>
    public static string EmbeddingText(Passage p) =>
        p.Aliases.Count == 0 ? $"{p.Heading}: {p.Summary}" : $"{p.Heading} ({string.Join(", ", p.Aliases.Take(12))}): {p.Summary}";
}
