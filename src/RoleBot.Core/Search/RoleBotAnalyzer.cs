using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using RoleBot.Knowledge;

namespace RoleBot.Search;

/// <summary>
/// The one analyzer used at index and at query time:
/// symbols that make tech words (C++, C#, CI/CD, .NET) are mapped to plain tokens before the
/// tokenizer can destroy them; role aliases and acronym expansions collapse to one token
/// ("site reliability engineer" → sre, "k8s" → kubernetes) with the original words kept; stop words
/// (including question words) go; acronyms and role ids are protected from the stemmer.
/// </summary>
public sealed class RoleBotAnalyzer : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly (string From, string To)[] SymbolWords =
    [
        ("C++", "cplusplus"), ("c++", "cplusplus"), ("C#", "csharp"), ("c#", "csharp"), ("F#", "fsharp"),
        ("CI/CD", "cicd"), ("ci/cd", "cicd"), ("Ci/Cd", "cicd"), ("CI-CD", "cicd"), ("ci-cd", "cicd"),
        (".NET", "dotnet"), (".net", "dotnet"), ("Node.js", "nodejs"), ("node.js", "nodejs"),
        ("on-call", "oncall"), ("On-call", "oncall"), ("on call", "oncall"), ("post-mortem", "postmortem"),
        ("blue/green", "bluegreen"), ("blue-green", "bluegreen"), ("Blue/Green", "bluegreen"),
        ("Dev Ops", "devops"), ("dev ops", "devops"), ("DevSecOps", "devsecops"),
    ];

    /// <summary>
    /// Names no glossary entry gives but every deployment needs. The glossary's own names and aliases
    /// ("service level objective" → slo, "paved roads" → pavedroad) are added from the corpus.
    /// </summary>
    private static readonly (string Phrase, string Token)[] Acronyms =
    [
        ("amazon web services", "aws"), ("google cloud platform", "gcp"), ("google cloud", "gcp"), ("microsoft azure", "azure"),
    ];

    private static readonly string[] QuestionWords =
    [
        "what", "whats", "how", "who", "whom", "whose", "why", "when", "where", "which", "does", "do", "did", "doing",
        "i", "me", "my", "you", "your", "we", "our", "us", "can", "could", "should", "would", "please", "tell",
        "explain", "about", "hey", "hi", "hello", "rolebot", "has", "have", "am", "were", "been", "being",
        "s", "t", "don", "im", "its", "it's", "some", "any", "all", "also", "just", "really", "actually", "exactly",
    ];

    private readonly NormalizeCharMap _symbols;
    private readonly SynonymMap _synonyms;
    private readonly CharArraySet _stopWords;
    private readonly CharArraySet _protected;

    /// <param name="glossary">Glossary passages whose names and aliases become synonyms of one token each.</param>
    public RoleBotAnalyzer(RoleCatalog catalog, IEnumerable<Passage>? glossary = null)
    {
        var symbols = new NormalizeCharMap.Builder();
        foreach (var (from, to) in SymbolWords) symbols.Add(from, " " + to + " ");
        _symbols = symbols.Build();

        var builder = new SynonymMap.Builder(true);
        var protectedTerms = new List<string>();
        foreach (var role in catalog.Roles)
        {
            protectedTerms.Add(role.Id);
            foreach (var alias in role.Aliases)
                AddSynonym(builder, alias, role.Id);
        }
        foreach (var (phrase, token) in Acronyms.Concat((glossary ?? []).SelectMany(TermSynonyms)))
        {
            AddSynonym(builder, phrase, token);
            protectedTerms.Add(token);
        }
        _synonyms = builder.Build();

        var stop = new CharArraySet(Version, 64, ignoreCase: true);
        foreach (var w in EnglishAnalyzer.DefaultStopSet) stop.Add(w);
        foreach (var w in QuestionWords) stop.Add(w);
        _stopWords = stop;

        protectedTerms.AddRange(["sre", "aws", "gcp", "azure", "k8s", "cicd", "iac", "slo", "sli", "sla", "idp", "vpc",
            "iam", "mttr", "mttd", "devops", "devsecops", "gitops", "finops", "dora", "sres", "toil", "cplusplus", "csharp",
            "dotnet", "oncall", "postmortem", "bluegreen", "kubernetes", "terraform", "ansible", "jenkins", "istio", "linkerd"]);
        _protected = new CharArraySet(Version, protectedTerms, ignoreCase: true);
    }

    /// <summary>
    /// "SLO (service level objective)" with aliases "slos, reliability target" → each name as a synonym
    /// of "slo"; a heading with no acronym ("Error budget") gets its words joined ("errorbudget").
    /// </summary>
    internal static IEnumerable<(string Phrase, string Token)> TermSynonyms(Passage p)
    {
        var m = System.Text.RegularExpressions.Regex.Match(p.Heading, @"^(.*?)\s*\((.*)\)\s*$");
        var names = (m.Success ? [m.Groups[1].Value, .. m.Groups[2].Value.Split(',')] : p.Heading.Split('/'))
            .Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        static string Plain(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        // The heading's own name when it is one word ("Kubernetes (k8s)" → kubernetes), else its acronym.
        var single = names.Count > 0 && !names[0].Contains(' ') ? names[0] : names.Where(n => !n.Contains(' ')).OrderBy(n => n.Length).FirstOrDefault();
        var token = single is not null ? Plain(single) : names.Count > 0 && names[0].Split(' ').Length <= 3 ? Plain(names[0]) : "";
        if (token.Length < 2) yield break;
        foreach (var phrase in names.Concat(p.Aliases).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var plain = Plain(phrase);
            // A plural of the token needs no synonym: the stemmer already makes "runbooks" "runbook".
            if (plain != token && !(!phrase.Contains(' ') && plain.StartsWith(token) && plain.Length <= token.Length + 2))
                yield return (phrase, token);
        }
    }

    private static void AddSynonym(SynonymMap.Builder builder, string phrase, string token)
    {
        var words = phrase.ToLowerInvariant()
            .Split([' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray()))
            .Where(w => w.Length > 0)
            .ToArray();
        if (words.Length == 0 || (words.Length == 1 && words[0] == token)) return;
        builder.Add(SynonymMap.Builder.Join(words, new CharsRef()), new CharsRef(token), includeOrig: true);
    }

    protected override TextReader InitReader(string fieldName, TextReader reader) => new MappingCharFilter(_symbols, reader);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new SynonymFilter(stream, _synonyms, ignoreCase: true);
        stream = new StopFilter(Version, stream, _stopWords);
        stream = new SetKeywordMarkerFilter(stream, _protected);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    /// <summary>The tokens this analyzer makes of <paramref name="text"/> (tests, query building).</summary>
    public List<string> Terms(string text, string field = PassageIndex.Fields.Text)
    {
        var terms = new List<string>();
        using var stream = GetTokenStream(field, text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}
