namespace RoleBot.Text;

/// <summary>One place in a token list where a known phrase was found.</summary>
public sealed record PhraseMatch(string Key, string Phrase, int Start, int Length, int Edits);

/// <summary>
/// Finds known phrases (role aliases, glossary terms, task names) in tokenized text: exact, plural or
/// with a typo or two. A word the corpus itself uses ("could", "developed") is never treated as a
/// typo of a phrase word, which keeps fuzzy matching from inventing roles out of plain English.
/// </summary>
public sealed class PhraseMatcher
{
    private readonly List<(string Key, string Phrase, string[] Tokens)> _phrases = [];
    private readonly Func<string, bool> _isKnownWord;
    private readonly HashSet<string> _phraseWords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Key, string Phrase, string[] Tokens)>> _byFirstWord = new(StringComparer.Ordinal);

    /// <param name="isKnownWord">True for words that exist as such (so they are not typos).</param>
    public PhraseMatcher(Func<string, bool>? isKnownWord = null) => _isKnownWord = isKnownWord ?? (_ => false);

    public void Add(string key, string phrase)
    {
        var tokens = Words.Tokenize(phrase).Select(Words.Singular).ToArray();
        if (tokens.Length == 0) return;
        _phrases.Add((key, phrase, tokens));
        foreach (var t in tokens) _phraseWords.Add(t);
        if (!_byFirstWord.TryGetValue(tokens[0], out var list)) _byFirstWord[tokens[0]] = list = [];
        list.Add((key, phrase, tokens));
    }

    public int Count => _phrases.Count;

    /// <summary>Non-overlapping matches, longest and most exact first, in text order.</summary>
    public List<PhraseMatch> Find(IReadOnlyList<string> tokens)
    {
        // For each input token, the phrase words it can stand for and at what cost. Exact look-ups are
        // a dictionary hit; the fuzzy scan over phrase words runs only for words the corpus never uses.
        var options = new Dictionary<string, int>[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = Words.Singular(tokens[i]);
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            if (_phraseWords.Contains(word)) map[word] = 0;
            else if (word.Length >= 4 && !_isKnownWord(tokens[i]) && !_isKnownWord(word))
            {
                foreach (var target in _phraseWords)
                {
                    var allowed = Words.AllowedEdits(target.Length);
                    if (allowed == 0) continue;
                    var d = Words.Distance(word, target, allowed);
                    if (d <= allowed) map[target] = d;
                }
            }
            options[i] = map;
        }

        var candidates = new List<PhraseMatch>();
        for (var start = 0; start < tokens.Count; start++)
        {
            foreach (var (first, _) in options[start])
            {
                if (!_byFirstWord.TryGetValue(first, out var phrases)) continue;
                foreach (var (key, phrase, words) in phrases)
                {
                    if (start + words.Length > tokens.Count) continue;
                    var edits = 0;
                    var ok = true;
                    for (var k = 0; k < words.Length && ok; k++)
                    {
                        if (options[start + k].TryGetValue(words[k], out var e)) edits += e; else ok = false;
                    }
                    if (ok) candidates.Add(new PhraseMatch(key, phrase, start, words.Length, edits));
                }
            }
        }

        var taken = new bool[tokens.Count];
        var result = new List<PhraseMatch>();
        foreach (var m in candidates.OrderByDescending(m => m.Length).ThenBy(m => m.Edits).ThenBy(m => m.Start))
        {
            if (Enumerable.Range(m.Start, m.Length).Any(i => taken[i])) continue;
            for (var i = m.Start; i < m.Start + m.Length; i++) taken[i] = true;
            result.Add(m);
        }
        return result.OrderBy(m => m.Start).ToList();
    }
}
