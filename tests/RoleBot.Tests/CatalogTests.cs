using RoleBot.Answers;
using RoleBot.Knowledge;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// The role catalog is data: a new role is an entry in roles.yaml plus an article, with no code
/// change; a broken roles.yaml is reported as a knowledge problem that names the file.
/// </summary>
public sealed class CatalogTests
{
    private const string SecurityEntry = """
          - id: security
            name: Security Engineer
            short: Security
            plural: Security Engineers
            article: roles/security.md
            aliases: [security, security engineer, security engineers, security engineering, appsec, application security engineer]

        """;

    private const string SecurityDefinition =
        "A Security Engineer protects systems, data and delivery pipelines by designing defences, finding weaknesses and helping teams fix them early.";

    private const string SecurityFocus =
        "A Security Engineer focuses on reducing risk: fewer exploitable weaknesses, least-privilege access and quick, calm handling of security incidents.";

    private const string SecurityArticle = $"""
        ---
        title: Security Engineer
        roles: [security]
        kind: role
        sources:
          - "Written for the catalog test"
        ---

        # Security Engineer

        ## Definition

        {SecurityDefinition}

        - Works across application code, cloud accounts and the build system.

        ## Focus

        {SecurityFocus}

        - Threats are ranked by how likely and how damaging they are.

        ## Responsibilities

        A Security Engineer runs threat modelling, reviews designs, manages vulnerability scanning and leads the response to security incidents.

        - Adds dependency and container image scanning to every pipeline.
        - Keeps secrets out of repositories and rotates leaked credentials.

        ## Tools

        A Security Engineer works daily with scanners, secret managers, policy engines and the audit logs of every cloud account.

        - Static analysis, dependency scanning and image scanning in CI.
        - A vault for secrets and a policy engine for guardrails.

        ## Skills

        A Security Engineer needs networking, identity, cryptography basics and enough coding to read code and automate checks.

        - Reading code well enough to spot injection and access control mistakes.

        ## Success

        A Security Engineer succeeds when weaknesses are found before attackers find them and teams fix them without being slowed down.

        - Critical findings are fixed within days, not months.

        ## Interview tips

        To prepare for a Security Engineer interview, practise threat modelling a small web service and explaining how you would contain a leaked key.

        - Expect questions on identity, network segmentation and secure pipelines.

        ## Interview questions

        Typical Security Engineer interview questions ask how you would threat-model a service and respond to a leaked credential.

        - How would you stop secrets being committed to git?

        ## Misconceptions

        A common misconception is that a Security Engineer only says no; good security work makes the safe way the easy way.

        - Security is shared with every team rather than bolted on at the end.

        ## Who it suits

        The security role suits you if you like thinking like an attacker, reading other people's code and closing doors before anyone walks through them.

        - You enjoy puzzles where the opponent is a person.
        """;

    private static TempFolder KnowledgeWithSecurityRole()
    {
        var folder = new TempFolder();
        folder.CopyFrom(Paths.Knowledge);
        var catalog = Path.Combine(folder.Path, RoleCatalog.FileName);
        var yaml = File.ReadAllText(catalog);
        File.WriteAllText(catalog, yaml.TrimEnd('\n') + "\n" + SecurityEntry);
        folder.Write("roles/security.md", SecurityArticle);
        return folder;
    }

    [Fact]
    public void A_new_role_from_roles_yaml_and_an_article_is_answered_without_code_changes()
    {
        using var folder = KnowledgeWithSecurityRole();
        using var engine = RoleBotEngine.Load(folder.Path);

        Assert.Contains(engine.Knowledge.Catalog.Roles, r => r.Id == "security" && r.Name == "Security Engineer");

        var answer = engine.Ask("what does a security engineer do?");
        Assert.Equal(Intent.Define, answer.Intent);
        Assert.Equal(["security"], answer.Roles);
        Assert.Equal(SecurityDefinition, answer.Reply.ShortAnswer);
        Assert.Contains(answer.Reply.Citations, c => c.File == "roles/security.md");
        Assert.All(answer.Reply.Citations, c => Assert.Equal("roles/security.md", c.File));
    }

    [Fact]
    public void A_new_role_can_be_compared_with_an_existing_one_in_a_two_column_table()
    {
        using var folder = KnowledgeWithSecurityRole();
        using var engine = RoleBotEngine.Load(folder.Path);

        var answer = engine.Ask("/compare security sre");

        Assert.Equal(Intent.Compare, answer.Intent);
        Assert.Equal(["security", "sre"], answer.Roles);
        var table = answer.Reply.Table;
        Assert.NotNull(table);
        Assert.Equal(["Security", "SRE"], table.Columns);
        Assert.All(table.Rows, r => Assert.Equal(2, r.Cells.Count));
        var focus = Assert.Single(table.Rows, r => r.Dimension == "Focus");
        // The cell is the section's first sentence, without the subject the column already names.
        Assert.Equal("Focuses on" + SecurityFocus["A Security Engineer focuses on".Length..], focus.Cells[0]);
        Assert.Contains("reliability", focus.Cells[1], StringComparison.OrdinalIgnoreCase);
        // The new article has every standard section, so every dimension has a real cell for it.
        Assert.Equal(["Focus", "Owns", "Tools", "Skills", "Success looks like", "Interview focus"], table.Rows.Select(r => r.Dimension));
        Assert.All(table.Rows, r => Assert.NotEqual("—", r.Cells[0]));
        Assert.Contains(answer.Reply.Citations, c => c.File == "roles/security.md");
        Assert.Contains(answer.Reply.Citations, c => c.File == "roles/sre.md");

        var markdown = MarkdownRenderer.Render(answer.Reply);
        Assert.Contains("| | **Security** | **SRE** |", markdown);
        Assert.Contains("|---|---|---|", markdown);
    }

    [Fact]
    public void Adding_a_role_leaves_the_existing_roles_and_the_role_list_working()
    {
        using var folder = KnowledgeWithSecurityRole();
        using var engine = RoleBotEngine.Load(folder.Path);

        var sre = engine.Ask("what does an SRE do?");
        Assert.Equal(Intent.Define, sre.Intent);
        Assert.Equal(["sre"], sre.Roles);

        var roles = engine.Ask("/roles");
        Assert.Equal(Intent.Roles, roles.Intent);
        var listed = roles.Reply.Sections.SelectMany(s => s.Bullets).ToList();
        Assert.Equal(6, listed.Count);
        Assert.Contains(listed, b => b.StartsWith("Security Engineer"));

        var byCommand = engine.Ask("/role security");
        Assert.Equal(Intent.Define, byCommand.Intent);
        Assert.Equal(["security"], byCommand.Roles);
    }

    public static TheoryData<string, string> MalformedCatalogs => new()
    {
        { "unclosed quote", "roles:\n  - id: sre\n    name: \"Site Reliability Engineer\n" },
        { "bad indentation", "roles:\n  - id: sre\n   name: SRE\n  - id: devops\n" },
        { "roles is a number", "roles: 5\n" },
        { "role without a name", "roles:\n  - id: sre\n" },
        { "no roles", "roles: []\n" },
        { "alias list is a mapping", "roles:\n  - id: sre\n    name: SRE\n    aliases: {a: b}\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedCatalogs))]
    public void A_malformed_roles_yaml_is_a_KnowledgeException_naming_the_file(string problem, string yaml)
    {
        using var folder = new TempFolder();
        var path = folder.Write(RoleCatalog.FileName, yaml);
        folder.Write("roles/sre.md", "---\ntitle: SRE\nroles: [sre]\nkind: role\nsources: [\"x\"]\n---\n\n## Definition\n\nAn SRE keeps production reliable.\n");

        var e = Assert.Throws<KnowledgeException>(() => RoleBotEngine.Load(folder.Path));
        Assert.True(e.Message.Contains(path), $"{problem}: the message should name {path}: {e.Message}");
    }

    [Fact]
    public void A_roles_yaml_with_a_duplicate_id_is_a_KnowledgeException_naming_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write(RoleCatalog.FileName,
            "roles:\n  - id: sre\n    name: Site Reliability Engineer\n  - id: SRE\n    name: Reliability Engineer\n");
        folder.Write("notes.md", "# Notes\n\nSREs keep production reliable.\n");

        var e = Assert.Throws<KnowledgeException>(() => RoleBotEngine.Load(folder.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("sre", e.Message);
    }

    [Fact]
    public void A_roles_yaml_with_an_empty_entry_or_alias_is_a_KnowledgeException_naming_the_file()
    {
        foreach (var yaml in new[]
                 {
                     "roles:\n  - id: sre\n    name: SRE\n    aliases: [sre, ~]\n",
                     "roles:\n  - id: sre\n    name: SRE\n    aliases:\n      -\n",
                     "roles:\n  - ~\n",
                 })
        {
            using var folder = new TempFolder();
            var path = folder.Write(RoleCatalog.FileName, yaml);
            folder.Write("notes.md", "# Notes\n\nSREs keep production reliable.\n");

            var e = Assert.Throws<KnowledgeException>(() => RoleBotEngine.Load(folder.Path));
            Assert.Contains(path, e.Message);
        }
    }
}

/// <summary>A scratch folder under the system temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rolebot-tests-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void CopyFrom(string source)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
