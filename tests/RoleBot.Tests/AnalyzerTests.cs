using System.Globalization;
using Lucene.Net.Analysis.TokenAttributes;
using RoleBot.Knowledge;
using RoleBot.Search;

namespace RoleBot.Tests;

/// <summary>
/// The analyzer that both the index and the questions go through, and search over a small hand-made
/// corpus: tech words survive, acronyms and role names are kept whole, typos still find the passage,
/// filters hold, and the culture of the thread changes nothing.
/// </summary>
public sealed class AnalyzerTests
{
    private static readonly RoleCatalog Catalog = RoleCatalog.Load(Paths.Knowledge);
    private static readonly RoleBotAnalyzer Analyzer = new(Catalog, KnowledgeBase.Load(Paths.Knowledge).Glossary);

    /// <summary>Tokens with their positions, to see which ones are stacked on the same position.</summary>
    private static List<(string Term, int Position)> Tokens(RoleBotAnalyzer analyzer, string text)
    {
        var result = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(PassageIndex.Fields.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            result.Add((term.ToString(), position));
        }
        stream.End();
        return result;
    }

    // ---- tokens ----

    [Theory]
    [InlineData("C++", "cplusplus")]
    [InlineData("C#", "csharp")]
    [InlineData("CI/CD", "cicd")]
    [InlineData(".NET", "dotnet")]
    [InlineData("c++", "cplusplus")]
    [InlineData("ci/cd", "cicd")]
    public void Symbol_tech_words_survive_as_one_token(string word, string token)
    {
        var terms = Analyzer.Terms($"I write {word} code every day");

        Assert.Contains(token, terms);
        Assert.DoesNotContain("c", terms);
        Assert.DoesNotContain("ci", terms);
        Assert.DoesNotContain("cd", terms);
        Assert.DoesNotContain("net", terms);
    }

    [Fact]
    public void CPlusPlus_and_CSharp_stay_different_words()
    {
        var terms = Analyzer.Terms("C++ or C# for a .NET shop with CI/CD?");

        Assert.Equal(["cplusplus", "csharp", "dotnet", "shop", "cicd"], terms);
    }

    [Theory]
    [InlineData("AWS", "aws")]
    [InlineData("k8s", "k8s")]
    [InlineData("SRE", "sre")]
    [InlineData("SREs", "sres")]
    [InlineData("DevOps", "devops")]
    [InlineData("Kubernetes", "kubernetes")]
    [InlineData("Terraform", "terraform")]
    [InlineData("GitOps", "gitops")]
    public void Acronyms_and_role_names_are_not_stemmed_or_mangled(string word, string token)
    {
        var terms = Analyzer.Terms(word);

        Assert.Equal(token, terms[0]);
    }

    [Fact]
    public void Site_reliability_engineer_also_yields_sre_stacked_on_the_original_words()
    {
        var tokens = Tokens(Analyzer, "site reliability engineer");

        Assert.Contains(tokens, t => t.Term == "site");
        Assert.Contains(tokens, t => t.Term.StartsWith("reliab"));
        var sre = Assert.Single(tokens, t => t.Term == "sre");
        Assert.Equal(tokens.Single(t => t.Term == "site").Position, sre.Position);
    }

    [Fact]
    public void K8s_yields_kubernetes_at_the_same_position()
    {
        var tokens = Tokens(Analyzer, "k8s clusters");

        var k8s = Assert.Single(tokens, t => t.Term == "k8s");
        var kubernetes = Assert.Single(tokens, t => t.Term == "kubernetes");
        Assert.Equal(k8s.Position, kubernetes.Position);
    }

    [Theory]
    [InlineData("what does an SRE do?", new[] { "sre" })]
    [InlineData("Who is the owner of the runbooks?", new[] { "owner", "runbook" })]
    [InlineData("How can I become a platform engineer, please?", new[] { "becom", "platform", "platform", "engin" })]
    [InlineData("what is it", new string[0])]
    public void Stop_and_question_words_are_removed(string question, string[] expected) =>
        Assert.Equal(expected, Analyzer.Terms(question));

    // ---- search over a small corpus ----

    private static string Role(string id, string title, string definition, string tools, string interview) => $"""
        ---
        title: {title}
        roles: [{id}]
        kind: role
        sources: ["Hand-made test article"]
        ---

        ## Definition

        {definition}

        ## Tools

        {tools}

        ## Interview tips

        {interview}
        """;

    private static readonly (string File, string Content)[] Corpus =
    [
        ("roles/sre.md", Role("sre", "Site Reliability Engineer",
            "A site reliability engineer keeps production services reliable and measures them with SLOs.",
            "SREs watch Prometheus metrics and Grafana dashboards and get paged through PagerDuty.",
            "Rehearse a major outage step by step before the interview.")),
        ("roles/platform.md", Role("platform", "Platform Engineer",
            "A platform engineer builds the internal developer platform and its golden paths.",
            "Platform teams run Kubernetes clusters and the Backstage developer portal.",
            "Be ready to design a self-service portal during the interview.")),
        ("roles/cloud.md", Role("cloud", "Cloud Engineer",
            "A cloud engineer designs networks, identity and accounts on AWS or Azure.",
            "Cloud engineers write Terraform modules for every account.",
            "Expect interview questions about VPC design and least-privilege IAM.")),
        ("roles/developer.md", Role("developer", "Developer",
            "A developer writes the application code and business logic of the product.",
            "Developers write C++ services and C# front ends in their editor of choice.",
            "Practise coding exercises and explain your pull requests in the interview.")),
    ];

    private static readonly KnowledgeBase Knowledge = KnowledgeBase.FromDocuments(Catalog, Corpus);

    private static PassageIndex NewIndex() => new(Knowledge.Passages, new RoleBotAnalyzer(Catalog, Knowledge.Glossary));

    [Theory]
    [InlineData("kubernets", "Kubernetes clusters")]
    [InlineData("terrafrom modules", "Terraform modules")]
    [InlineData("platfrom portal", "developer portal")]
    [InlineData("intervew outage", "Rehearse a major outage")]
    [InlineData("prometeus", "Prometheus metrics")]
    public void Misspelled_words_still_find_the_right_passage(string query, string expected)
    {
        using var index = NewIndex();

        var hits = index.Search(query, SearchFilter.None);

        Assert.NotEmpty(hits);
        Assert.Contains(expected, hits[0].Passage.Text);
    }

    [Fact]
    public void A_misspelling_asked_again_and_by_many_at_once_finds_the_same_passages()
    {
        // The second time, and from other threads, the fuzzy expansion comes from the index's cache.
        using var index = NewIndex();
        var first = index.Search("terrafrom kubernets", SearchFilter.None).Select(h => (h.Passage.Id, h.Score)).ToList();

        var again = Enumerable.Range(0, 32).AsParallel().Select(_ => index.Search("terrafrom kubernets", SearchFilter.None).Select(h => (h.Passage.Id, h.Score)).ToList()).ToList();

        Assert.Contains("Terraform modules", index.Search("terrafrom", SearchFilter.None)[0].Passage.Text);
        Assert.All(again, hits => Assert.Equal(first, hits));
    }

    [Fact]
    public void A_number_is_not_read_as_a_misspelled_word()
    {
        // "terraform1" is one edit from "terraform", but digits mark a version or a count, not a typo.
        using var index = NewIndex();

        Assert.Empty(index.Search("terraform1", SearchFilter.None));
        Assert.NotEmpty(index.Search("terrafrom", SearchFilter.None));
    }

    [Fact]
    public void A_correctly_spelled_word_beats_a_fuzzy_neighbour()
    {
        using var index = NewIndex();

        var hits = index.Search("Terraform", SearchFilter.None);

        Assert.Equal("roles/cloud.md", hits[0].Passage.File);
        Assert.Equal(PassageKind.Tools, hits[0].Passage.Kind);
    }

    [Fact]
    public void CSharp_question_finds_the_passage_that_mentions_CSharp()
    {
        using var index = NewIndex();

        var hits = index.Search("C#", SearchFilter.None);

        var hit = Assert.Single(hits);
        Assert.Contains("C# front ends", hit.Passage.Text);
        Assert.Empty(index.Search("F#", SearchFilter.None));
    }

    [Fact]
    public void Role_filter_keeps_only_passages_about_that_role()
    {
        using var index = NewIndex();

        var hits = index.Search("interview", new SearchFilter { Roles = ["sre"] }, 10);

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Contains("sre", h.Passage.Roles));
        Assert.Equal(PassageKind.Interview, hits[0].Passage.Kind);
        Assert.Contains("major outage", hits[0].Passage.Text);
    }

    [Fact]
    public void Kind_filter_keeps_only_passages_of_that_kind()
    {
        using var index = NewIndex();

        var hits = index.Search("platform engineer", new SearchFilter { Kinds = [PassageKind.Tools] }, 10);

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal(PassageKind.Tools, h.Passage.Kind));
        Assert.Equal("roles/platform.md", hits[0].Passage.File);
    }

    [Fact]
    public void Role_and_kind_filters_with_no_words_list_exactly_the_matching_passages()
    {
        using var index = NewIndex();

        var hits = index.Search("", new SearchFilter { Roles = ["cloud"], Kinds = [PassageKind.Tools] }, 10);

        var hit = Assert.Single(hits);
        Assert.Equal("Cloud engineers write Terraform modules for every account.", hit.Passage.Summary);
    }

    [Theory]
    [InlineData("C++ AND (")]
    [InlineData("title:sre^3 OR *")]
    [InlineData("\"unclosed")]
    [InlineData("*:*")]
    [InlineData("a~2 b^")]
    [InlineData("NOT")]
    [InlineData("(((((")]
    [InlineData("\\")]
    [InlineData("")]
    [InlineData(null)]
    public void Query_syntax_never_throws(string? query)
    {
        using var index = NewIndex();

        var hits = index.Search(query, new SearchFilter { Roles = ["sre"] });

        Assert.All(hits, h => Assert.Contains("sre", h.Passage.Roles));
    }

    // ---- culture ----

    private static readonly string[] CultureQueries =
    [
        "INTERVIEW TIPS", "SITE RELIABILITY ENGINEER", "KUBERNETES CLUSTERS", "TERRAFORM", "İNTERVİEW", "DEVELOPER PORTAL",
        "CI/CD PIPELINE", "WHAT IS A PLATFORM ENGINEER", "kubernets", "IDENTITY AND ACCESS",
    ];

    private static List<string> Results(PassageIndex index) => CultureQueries
        .Select(q => q + " => " + string.Join(", ", index.Search(q, SearchFilter.None, 3).Select(h => h.Passage.Id)))
        .ToList();

    [Fact]
    public void The_same_query_under_Turkish_culture_gives_the_same_results()
    {
        List<string> expected;
        using (var index = NewIndex()) expected = Results(index);
        Assert.Contains(expected, r => !r.EndsWith("=> "));

        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var turkish = new CultureInfo("tr-TR");
        try
        {
            CultureInfo.CurrentCulture = turkish;
            CultureInfo.CurrentUICulture = turkish;
            // Not vacuous: this thread really lower-cases the Turkish way now.
            Assert.Equal("ı", "I".ToLower());

            Assert.Equal(["interview", "tip"], Analyzer.Terms("INTERVIEW TIPS"));
            using var index = NewIndex();
            Assert.Equal(expected, Results(index));
            Assert.Equal(["interview", "tip"], new RoleBotAnalyzer(Catalog).Terms("INTERVIEW TIPS"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous.CurrentCulture;
            CultureInfo.CurrentUICulture = previous.CurrentUICulture;
        }
    }
}
