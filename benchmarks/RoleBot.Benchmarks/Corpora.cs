using System.Text;
using RoleBot.Knowledge;

namespace RoleBot.Benchmarks;

/// <summary>Where things are in the clone, and the corpora the benchmarks run on.</summary>
public static class Corpora
{
    public const string Default = "default";
    public const string Synthetic1000 = "synthetic-1000";
    public const string Synthetic10000 = "synthetic-10000";
    /// <summary>The real corpus plus 1,000 synthetic articles: real answers, ~100× the passages.</summary>
    public const string DefaultPlus1000 = "default+synthetic-1000";

    public static string RepoRoot { get; } = FindRoot();

    public static string KnowledgeFolder =>
        Environment.GetEnvironmentVariable("ROLEBOT_KNOWLEDGE") is { Length: > 0 } k ? k : Path.Combine(RepoRoot, "knowledge");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RoleBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("RoleBot.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>How many articles a named corpus has (without generating it).</summary>
    public static int ArticleCount(string name) => name switch
    {
        Default => DefaultDocuments().Count,
        DefaultPlus1000 => DefaultDocuments().Count + 1000,
        _ when name.StartsWith("synthetic-") && int.TryParse(name["synthetic-".Length..], out var n) => n,
        _ => Documents(name).Count,
    };

    public static RoleCatalog Catalog() => RoleCatalog.Load(KnowledgeFolder);

    /// <summary>The corpus by name, as in-memory (file, content) pairs, so that builds measure no disk I/O.</summary>
    public static List<(string File, string Content)> Documents(string name) => name switch
    {
        Default => DefaultDocuments(),
        Synthetic1000 => SyntheticCorpus.Generate(1_000),
        Synthetic10000 => SyntheticCorpus.Generate(10_000),
        DefaultPlus1000 => [.. DefaultDocuments(), .. SyntheticCorpus.Generate(1_000)],
        _ when name.StartsWith("synthetic-") && int.TryParse(name["synthetic-".Length..], out var n) => SyntheticCorpus.Generate(n),
        _ => throw new ArgumentException($"Unknown corpus '{name}'."),
    };

    /// <summary>The same files <see cref="KnowledgeBase.Load"/> reads (Markdown, README.md excluded), in the same order.</summary>
    public static List<(string File, string Content)> DefaultDocuments()
    {
        var folder = KnowledgeFolder;
        string[] extensions = [".md", ".markdown", ".txt", ".html", ".htm"];
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    }

    public static RoleBotEngine Engine(string name) =>
        name == Default
            ? RoleBotEngine.Load(KnowledgeFolder)
            : new RoleBotEngine(KnowledgeBase.FromDocuments(Catalog(), Documents(name)));
}

/// <summary>
/// Deterministic synthetic articles in the corpus's own format (front matter, <c>##</c> sections whose
/// first paragraph is a one-sentence summary, then bullets; glossary and ownership sections carry the
/// <c>&lt;!-- roles: …; aliases: … --&gt;</c> comment). One seeded <see cref="Random"/> drives everything and
/// article i never depends on N, so the 1,000-article corpus is the first tenth of the 10,000 one.
/// Mix: 70% role articles, 10% glossary, 10% ownership, 10% collaboration. Each article also invents a
/// couple of product names, so the vocabulary keeps growing with the corpus as a real one would.
/// </summary>
public static class SyntheticCorpus
{
    public const int Seed = 20_260_115;

    private static readonly string[] RoleIds = ["devops", "sre", "platform", "cloud", "developer"];
    private static readonly Dictionary<string, string> RoleNames = new()
    {
        ["devops"] = "DevOps Engineer", ["sre"] = "Site Reliability Engineer", ["platform"] = "Platform Engineer",
        ["cloud"] = "Cloud Engineer", ["developer"] = "Software Developer",
    };
    private static readonly Dictionary<string, string> RoleShort = new()
    {
        ["devops"] = "DevOps engineer", ["sre"] = "SRE", ["platform"] = "platform engineer",
        ["cloud"] = "cloud engineer", ["developer"] = "developer",
    };

    private static readonly string[] Domains =
    [
        "Payments", "Search", "Checkout", "Identity", "Logistics", "Ads", "Media", "Gaming", "Healthcare", "Banking",
        "Retail", "Telemetry", "Messaging", "Maps", "Streaming", "Insurance", "Travel", "Education", "Robotics", "Energy",
    ];

    private static readonly string[] Tools =
    [
        "Prometheus", "Grafana", "Datadog", "Terraform", "Ansible", "Kubernetes", "Helm", "Argo CD", "Jenkins",
        "GitHub Actions", "GitLab CI", "Backstage", "Crossplane", "Vault", "Istio", "Linkerd", "Jaeger", "OpenTelemetry",
        "PagerDuty", "Opsgenie", "k6", "Locust", "Chaos Monkey", "AWS Lambda", "Amazon S3", "Azure Functions",
        "BigQuery", "CloudFormation", "Pulumi", "Docker", "Packer", "Consul", "Nomad", "Splunk", "Elasticsearch",
        "Kibana", "Loki", "SonarQube", "Snyk", "Trivy", "Python", "Go", "Bash", "TypeScript", "Java", "C#", "Rust",
        "PostgreSQL", "Redis", "Kafka", "RabbitMQ", "nginx", "Envoy", "Linux", "CI/CD", ".NET", "Node.js",
    ];

    private static readonly string[] Tasks =
    [
        "incident response", "capacity planning", "writing runbooks", "building CI/CD pipelines", "managing cloud costs",
        "designing the internal developer platform", "setting SLOs", "running blameless postmortems", "automating deployments",
        "provisioning infrastructure as code", "reviewing pull requests", "shipping product features",
        "tuning database performance", "rotating secrets", "hardening IAM policies", "migrating workloads to the cloud",
        "maintaining golden paths", "load testing", "on-call rotations", "building observability dashboards",
        "release management", "rolling out feature flags", "blue/green deployments", "designing VPC networks",
        "cost optimisation", "patching base images", "writing unit tests", "chaos experiments", "backup and restore drills",
    ];

    private static readonly string[] Objects =
    [
        "production services", "the delivery pipeline", "the developer experience", "cloud accounts", "the platform",
        "customer-facing APIs", "batch jobs", "mobile backends", "data pipelines", "the service catalog",
        "Kubernetes clusters", "the release train", "error budgets", "landing zones", "shared libraries",
    ];

    private static readonly string[] Verbs =
    [
        "keeps", "builds", "automates", "owns", "designs", "improves", "measures", "reviews", "maintains", "supports",
        "secures", "scales", "documents", "monitors", "simplifies",
    ];

    private static readonly string[] Qualities =
    [
        "reliable", "fast", "secure", "cheap to run", "easy to use", "observable", "repeatable", "well documented",
        "resilient", "predictable",
    ];

    private static readonly string[] Temperaments =
    [
        "solving puzzles under pressure", "building tools for other engineers", "automating repetitive work",
        "designing large systems", "talking to many teams", "reading metrics and graphs", "writing clean code",
        "cutting cloud bills", "teaching others", "deep debugging sessions", "planning migrations carefully",
    ];

    private static readonly string[] Sources =
    [
        "DevOps, SRE, and Platform Engineering: Understanding the Differences",
        "DevOps vs SRE vs Platform Engineering: What's the Difference and Why Do Companies Get It Wrong?",
        "Understanding the Big Picture: Platform Engineer vs DevOps Engineer vs SRE vs Cloud Engineer",
        "DevOps, SRE and Platform Engineering: how the roles differ and interact (with Development)",
        "Synthetic benchmark source",
    ];

    private static readonly string[] RoleSections =
    [
        "Definition", "Focus", "Responsibilities", "Tools", "Skills", "Success", "Interview tips",
        "Interview questions", "Misconceptions", "Who it suits",
    ];

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "zor", "tex", "vin", "qua", "ber", "dal", "fen", "gri", "hol", "jus", "kel", "mon", "nar",
        "pel", "rix", "sol", "tav", "ul", "vek", "wyn", "xa", "yor", "zin", "bra", "cro", "dre", "fli",
    ];

    public static List<(string File, string Content)> Generate(int count)
    {
        var random = new Random(Seed);
        var docs = new List<(string, string)>(count);
        for (var i = 0; i < count; i++) docs.Add(Article(random, i));
        return docs;
    }

    private static (string File, string Content) Article(Random r, int i)
    {
        // Invented product names: the vocabulary grows with the corpus.
        var invented = new[] { Invent(r), Invent(r) };
        var roll = r.Next(10);
        return roll switch
        {
            < 7 => RoleArticle(r, i, invented),
            7 => GlossaryArticle(r, i, invented),
            8 => OwnershipArticle(r, i, invented),
            _ => CollaborationArticle(r, i, invented),
        };
    }

    private static string Invent(Random r)
    {
        var s = string.Concat(Enumerable.Range(0, 2 + r.Next(2)).Select(_ => Pick(r, Syllables)));
        return char.ToUpperInvariant(s[0]) + s[1..];
    }

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string FrontMatter(Random r, string title, IEnumerable<string> roles, string kind)
    {
        var sb = new StringBuilder();
        sb.Append("---\n");
        sb.Append("title: \"").Append(title).Append("\"\n");
        sb.Append("roles: [").Append(string.Join(", ", roles)).Append("]\n");
        sb.Append("kind: ").Append(kind).Append('\n');
        sb.Append("sources:\n");
        foreach (var s in Sources.OrderBy(_ => r.Next()).Take(1 + r.Next(3))) sb.Append("  - \"").Append(s).Append("\"\n");
        sb.Append("---\n\n# ").Append(title).Append("\n\n");
        return sb.ToString();
    }

    private static string Sentence(Random r, string role, string[] invented)
    {
        var tool = r.Next(4) == 0 ? Pick(r, invented) : Pick(r, Tools);
        return r.Next(5) switch
        {
            0 => $"The {role} {Pick(r, Verbs)} {Pick(r, Objects)} and keeps them {Pick(r, Qualities)} with {tool}.",
            1 => $"Most days involve {Pick(r, Tasks)}, {Pick(r, Tasks)} and {Pick(r, Tasks)} for {Pick(r, Objects)}.",
            2 => $"Teams rely on {tool} and {Pick(r, Tools)} to make {Pick(r, Objects)} {Pick(r, Qualities)}.",
            3 => $"A good {role} {Pick(r, Verbs)} {Pick(r, Objects)} before {Pick(r, Tasks)} becomes urgent.",
            _ => $"Expect questions about {Pick(r, Tasks)}, {tool} and how you would make {Pick(r, Objects)} {Pick(r, Qualities)}.",
        };
    }

    private static void Section(StringBuilder sb, Random r, string heading, string summary, string role, string[] invented, string? meta = null)
    {
        sb.Append("## ").Append(heading).Append('\n');
        if (meta is not null) sb.Append("<!-- ").Append(meta).Append(" -->\n");
        sb.Append('\n').Append(summary).Append("\n\n");
        var bullets = 3 + r.Next(5);
        for (var b = 0; b < bullets; b++) sb.Append("- ").Append(Sentence(r, role, invented)).Append('\n');
        sb.Append('\n');
    }

    private static (string, string) RoleArticle(Random r, int i, string[] invented)
    {
        var id = Pick(r, RoleIds);
        var domain = Pick(r, Domains);
        var title = $"{domain} {RoleNames[id]} ({invented[0]} team {i})";
        var role = RoleShort[id];
        var sb = new StringBuilder(FrontMatter(r, title, [id], "role"));
        foreach (var heading in RoleSections)
        {
            var summary = heading switch
            {
                "Definition" => $"A {domain} {role} {Pick(r, Verbs)} {Pick(r, Objects)} so that they stay {Pick(r, Qualities)} for {domain.ToLowerInvariant()} customers.",
                "Tools" => $"The {role}'s day-to-day tools are {Pick(r, Tools)}, {Pick(r, Tools)}, {invented[0]} and {Pick(r, Tools)}.",
                "Who it suits" => $"The role suits you if you like {Pick(r, Temperaments)} and {Pick(r, Temperaments)}.",
                "Misconceptions" => $"A common misconception is that a {role} only does {Pick(r, Tasks)}.",
                _ => $"For {heading.ToLowerInvariant()}, a {role} focuses on {Pick(r, Tasks)} and {Pick(r, Tasks)} across {Pick(r, Objects)}.",
            };
            Section(sb, r, heading, summary, role, invented);
        }
        return ($"synthetic/roles/{id}-{i:D5}.md", sb.ToString());
    }

    private static (string, string) GlossaryArticle(Random r, int i, string[] invented)
    {
        var title = $"Glossary {i}: {Pick(r, Domains)} terms";
        var sb = new StringBuilder(FrontMatter(r, title, [], "glossary"));
        var terms = 4 + r.Next(5);
        for (var t = 0; t < terms; t++)
        {
            var id = Pick(r, RoleIds);
            var word = t < invented.Length ? invented[t] : Invent(r);
            var expansion = $"{word.ToLowerInvariant()} {Pick(r, Objects).Split(' ')[^1]} model";
            Section(sb, r, $"{word} ({expansion})", $"{word} is a practice for {Pick(r, Tasks)} that keeps {Pick(r, Objects)} {Pick(r, Qualities)}.",
                RoleShort[id], invented, $"roles: {id}; aliases: {word.ToLowerInvariant()}s, {expansion}s");
        }
        return ($"synthetic/glossary-{i:D5}.md", sb.ToString());
    }

    private static (string, string) OwnershipArticle(Random r, int i, string[] invented)
    {
        var domain = Pick(r, Domains);
        var title = $"Who owns which task in {domain} ({i})";
        var sb = new StringBuilder(FrontMatter(r, title, [], "ownership"));
        var tasks = 4 + r.Next(5);
        for (var t = 0; t < tasks; t++)
        {
            var owners = RoleIds.OrderBy(_ => r.Next()).Take(1 + r.Next(3)).ToList();
            var task = Pick(r, Tasks);
            Section(sb, r, $"{char.ToUpperInvariant(task[0])}{task[1..]} for {domain} {Pick(r, invented)}",
                $"The {RoleShort[owners[0]]} team owns {task} for {domain}; {string.Join(" and ", owners.Skip(1).Select(o => RoleShort[o] + "s").DefaultIfEmpty("nobody else"))} help.",
                RoleShort[owners[0]], invented, $"roles: {string.Join(", ", owners)}; aliases: {task} in {domain.ToLowerInvariant()}");
        }
        return ($"synthetic/ownership-{i:D5}.md", sb.ToString());
    }

    private static (string, string) CollaborationArticle(Random r, int i, string[] invented)
    {
        var domain = Pick(r, Domains);
        var title = $"How the roles work together in {domain} ({i})";
        var sb = new StringBuilder(FrontMatter(r, title, [], "collaboration"));
        var sections = 3 + r.Next(4);
        for (var s = 0; s < sections; s++)
        {
            var pair = RoleIds.OrderBy(_ => r.Next()).Take(2).ToList();
            Section(sb, r, $"How {RoleShort[pair[0]]}s and {RoleShort[pair[1]]}s work together on {Pick(r, Objects)}",
                $"{RoleShort[pair[0]]}s hand off {Pick(r, Tasks)} to {RoleShort[pair[1]]}s, who make {Pick(r, Objects)} {Pick(r, Qualities)}.",
                RoleShort[pair[0]], invented, $"roles: {string.Join(", ", pair)}");
        }
        return ($"synthetic/collaboration-{i:D5}.md", sb.ToString());
    }
}
