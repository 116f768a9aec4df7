using System.Text.RegularExpressions;
using RoleBot.Knowledge;

namespace RoleBot.Answers;

/// <summary>Small text helpers for replies: articles, first sentences, role names.</summary>
internal static partial class Phrasing
{
    /// <summary>"a" or "an" by sound: "an engineer", "an SRE" (an acronym whose first letter is said "es"), "a DevOps Engineer".</summary>
    public static string A(string noun) => StartsWithVowelSound(noun) ? "an " + noun : "a " + noun;

    private static bool StartsWithVowelSound(string noun)
    {
        if (noun.Length == 0) return false;
        var first = noun.Split(' ', '-')[0];
        // Spelt-out acronyms: F, H, L, M, N, R, S and X are said starting with a vowel ("an SLO", "an HR team").
        if (first.Length > 1 && first.All(c => char.IsUpper(c) || char.IsDigit(c))) return "AEFHILMNORSX".Contains(first[0]);
        return "aeiouAEIOU".Contains(noun[0]);
    }

    /// <summary>The first sentence, cut at a word boundary when longer than <paramref name="max"/>.</summary>
    public static string FirstSentence(string text, int max = 200)
    {
        var m = SentenceEnd().Match(text);
        var s = m.Success ? text[..m.Index] : text;
        return Shorten(s, max);
    }

    /// <summary>
    /// The first sentence, or the first two when the first only asks ("Like coding and teamwork? DevOps
    /// might be your fit."): a question alone says nothing.
    /// </summary>
    public static string Statement(string text, int max = 200)
    {
        var first = FirstSentence(text, int.MaxValue);
        var statement = first.EndsWith('?') && first.Length < text.Trim().Length ? FirstSentences(text, 2) : first;
        return Shorten(statement, max);
    }

    /// <summary>The first <paramref name="count"/> sentences (or lines) of a text, whole.</summary>
    public static string FirstSentences(string text, int count) =>
        string.Join(" ", SentenceBreak().Split(text.Trim()).Where(s => s.Length > 0).Take(count));

    public static string Shorten(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > max / 2 ? cut : max - 1)].TrimEnd(',', ';', ':', ' ') + "…";
    }

    /// <summary>A passage's detail line as a reply bullet: "- x" is "x", a nested "  - x" stays nested ("  x").</summary>
    public static string Bullet(string detail)
    {
        var text = detail.TrimStart(' ');
        var indent = detail.Length - text.Length;
        return new string(' ', indent) + (text.StartsWith("- ") ? text[2..] : text);
    }

    /// <summary>The first <paramref name="max"/> details as bullets, each with the bullets nested under it.</summary>
    public static IEnumerable<string> Bullets(IEnumerable<string> details, int max = int.MaxValue)
    {
        var top = 0;
        foreach (var bullet in details.Select(Bullet))
        {
            if (ReplySection.Nesting(bullet).Depth == 0 && ++top > max) yield break;
            yield return bullet;
        }
    }

    public static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }

    /// <summary>"Runbooks" → "runbooks", but "CI/CD pipelines" and "IAM and cloud access" keep their capitals.</summary>
    public static string LowerFirst(string s) => s.Length > 1 && char.IsUpper(s[0]) && !char.IsUpper(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    /// <summary>A glossary heading without its expansion: "SLO (service level objective)" → "SLO".</summary>
    public static string TermShort(Passage p) => Regex.Replace(p.Heading, @"\s*\(.*\)\s*$", "");

    public static string Names(RoleCatalog catalog, IEnumerable<string> ids) => Join(ids.Select(id => catalog.Get(id).Short));

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"(?<=\w{2}[.!?])\s+(?=[A-Z“""(])")]
    private static partial Regex SentenceEnd();
}
