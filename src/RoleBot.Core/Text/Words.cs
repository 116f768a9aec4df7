using System.Text;

namespace RoleBot.Text;

/// <summary>
/// Splits text into lower-case word tokens for matching names and cues (not for Lucene, which has its
/// own analyzer). Possessives are dropped ("SRE's" → "sre") and the symbols that make tech words
/// (C++, C#, CI/CD) are kept inside tokens.
/// </summary>
public static class Words
{
    public static List<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text)) return tokens;
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            if (c is '’' or '‘' or '`') c = '\'';
            if (char.IsLetterOrDigit(c) || (current.Length > 0 && (c is '+' or '#')) ||
                (c == '/' && current.Length > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))
            {
                current.Append(c);
            }
            else if (c == '\'' && current.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                // "sre's" → "sre" (possessive dropped), "what's" → "what is", "don't" → "dont".
                if ((text[i + 1] is 's' or 'S') && (i + 2 >= text.Length || !char.IsLetter(text[i + 2])))
                {
                    i++;
                    if (IsContraction(current.ToString())) { Flush(current, tokens); tokens.Add("is"); }
                }
            }
            else
            {
                Flush(current, tokens);
            }
        }
        Flush(current, tokens);
        return tokens;
    }

    private static readonly HashSet<string> ContractedIs = ["what", "who", "that", "it", "there", "here", "where", "how", "which", "when", "whose"];

    private static bool IsContraction(string word) => ContractedIs.Contains(word);

    private static void Flush(StringBuilder current, List<string> tokens)
    {
        if (current.Length == 0) return;
        tokens.Add(current.ToString());
        current.Clear();
    }

    /// <summary>Damerau–Levenshtein distance (optimal string alignment), stopping early past <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max = int.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        if (b.Length > 256) return Math.Max(a.Length, b.Length); // never on words; keeps the stack small
        // Three rolling rows instead of a full matrix: this runs for every candidate word of every typo.
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, previous2[j - 2] + 1);
                current[j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > max) return max + 1;
            var spare = previous2;
            previous2 = previous;
            previous = current;
            current = spare;
        }
        return previous[b.Length];
    }

    /// <summary>How many typos a word of this length may carry and still be recognised.</summary>
    public static int AllowedEdits(int length) => length switch { < 4 => 0, < 8 => 1, _ => 2 };

    /// <summary>Singular form for matching: "sres" → "sre", "policies" → "policy". Crude on purpose.</summary>
    public static string Singular(string token)
    {
        if (token.Length > 4 && token.EndsWith("ies")) return token[..^3] + "y";
        if (token.Length > 4 && (token.EndsWith("ses") || token.EndsWith("xes") || token.EndsWith("ches") || token.EndsWith("shes"))) return token[..^2];
        if (token.Length > 3 && token.EndsWith('s') && !token.EndsWith("ss") && !token.EndsWith("us")) return token[..^1];
        return token;
    }
}
