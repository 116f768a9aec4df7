using System.Globalization;
using System.Text;

namespace RoleBot.Meaning;

/// <summary>
/// BERT's uncased WordPiece tokenizer (lower-case, accents stripped, punctuation split off, greedy
/// longest-match sub-words with a "##" prefix), over the vocabulary that ships with the model.
/// Written here because the package's tokenizer pads every sentence to 256 tokens, which makes a
/// 10-word question cost as much as a page.
/// </summary>
public sealed class WordPieceTokenizer
{
    public const int ClsId = 101, SepId = 102, UnkId = 100;
    private const int MaxCharsPerWord = 100;
    private readonly Dictionary<string, int> _vocab;

    public WordPieceTokenizer(IEnumerable<string> vocabularyLines)
    {
        _vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        foreach (var line in vocabularyLines) _vocab.TryAdd(line.TrimEnd('\r', '\n'), id++);
    }

    /// <summary>[CLS] pieces… [SEP], at most <paramref name="maxTokens"/> ids in all.</summary>
    public List<int> Encode(string text, int maxTokens)
    {
        var ids = new List<int>(32) { ClsId };
        foreach (var word in BasicTokens(text))
        {
            if (ids.Count >= maxTokens - 1) break;
            foreach (var piece in Pieces(word))
            {
                if (ids.Count >= maxTokens - 1) break;
                ids.Add(piece);
            }
        }
        ids.Add(SepId);
        return ids;
    }

    private IEnumerable<int> Pieces(string word)
    {
        if (word.Length > MaxCharsPerWord) { yield return UnkId; yield break; }
        var pieces = new List<int>();
        var start = 0;
        while (start < word.Length)
        {
            var end = word.Length;
            var found = -1;
            while (start < end)
            {
                var candidate = start == 0 ? word[start..end] : "##" + word[start..end];
                if (_vocab.TryGetValue(candidate, out var id)) { found = id; break; }
                end--;
            }
            if (found < 0) { yield return UnkId; yield break; }
            pieces.Add(found);
            start = end;
        }
        foreach (var p in pieces) yield return p;
    }

    /// <summary>Lower-cased, accent-free words with each punctuation mark on its own.</summary>
    private static IEnumerable<string> BasicTokens(string text)
    {
        var normalized = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var word = new StringBuilder();
        foreach (var c in normalized)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark || c == '\0' || c == '\uFFFD') continue;
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
            }
            else if (IsPunctuation(c, category) || IsCjk(c))
            {
                if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
                yield return c.ToString();
            }
            else word.Append(c);
        }
        if (word.Length > 0) yield return word.ToString();
    }

    private static bool IsPunctuation(char c, UnicodeCategory category) =>
        c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~' ||
        category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';
}
