namespace RoleBot.Text;

/// <summary>
/// Corrects words that no known vocabulary holds ("intervew" → "interview", "kubernets" →
/// "kubernetes") to the nearest word that does, within the edits <see cref="Words.AllowedEdits"/>
/// allows. Words it knows, and short words, are left alone.
/// </summary>
public sealed class SpellFixer
{
    private readonly HashSet<string> _known;
    private readonly Dictionary<int, List<string>> _byLength = [];
    private readonly HashSet<string> _preferred;

    /// <param name="vocabulary">Every correct word (the corpus's).</param>
    /// <param name="preferred">
    /// The words that change what a message means (role names, terms, cue words). Corrections go
    /// only to these, or to long corpus words: a plain English word missing from a small corpus
    /// ("list") must not be "corrected" into a different one ("lint").
    /// </param>
    public SpellFixer(IEnumerable<string> vocabulary, IEnumerable<string> preferred)
    {
        _preferred = new HashSet<string>(preferred, StringComparer.Ordinal);
        _known = new HashSet<string>(vocabulary.Concat(_preferred), StringComparer.Ordinal);
        var targets = _known.Where(w => w.Length >= 4 && w.All(char.IsLetter) && (_preferred.Contains(w) || w.Length >= 7));
        foreach (var w in targets.OrderBy(w => w, StringComparer.Ordinal))
        {
            if (!_byLength.TryGetValue(w.Length, out var list)) _byLength[w.Length] = list = [];
            list.Add(w);
        }
    }

    public bool IsKnown(string word) => _known.Contains(word) || _known.Contains(Words.Singular(word));

    public string Fix(string word)
    {
        if (word.Length < 4 || IsKnown(word) || !word.All(char.IsLetter)) return word;
        var allowed = Words.AllowedEdits(word.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestPreferred = false;
        for (var len = word.Length - allowed; len <= word.Length + allowed; len++)
        {
            if (!_byLength.TryGetValue(len, out var candidates)) continue;
            foreach (var candidate in candidates)
            {
                var d = Words.Distance(word, candidate, Math.Min(allowed, Words.AllowedEdits(candidate.Length)));
                if (d > allowed || d > Words.AllowedEdits(candidate.Length)) continue;
                // Ties: a cue or role word first, then the longer word (typing drops letters more
                // often than it adds them: "devps" is "devops" rather than "devs").
                var preferred = _preferred.Contains(candidate);
                var better = d < bestDistance ||
                             (d == bestDistance && preferred && !bestPreferred) ||
                             (d == bestDistance && preferred == bestPreferred && best is not null && candidate.Length > best.Length);
                if (better)
                {
                    best = candidate;
                    bestDistance = d;
                    bestPreferred = preferred;
                }
            }
        }
        return best ?? word;
    }

    public List<string> Fix(IEnumerable<string> words) => words.Select(Fix).ToList();
}
