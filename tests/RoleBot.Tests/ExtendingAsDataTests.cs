using RoleBot.Knowledge;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// The repo's corpus plus one intent and one role added as files only, no code: a "history"
/// intent that answers from the definition and collaboration sections, and a Security Engineer role.
/// </summary>
public sealed class ExtendedCorpusFixture : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TempFolder _cache = new();
    public RoleBotEngine Engine { get; }

    public ExtendedCorpusFixture()
    {
        _folder.CopyFrom(Paths.Knowledge);
        _folder.Write("intents/history.yaml", """
            id: history
            rank: 20
            help: "where a role came from"
            kinds: [definition, collaboration]
            commands:
              - name: history
                usage: "/history"
                summary: "where the roles came from"
            examples:
              - "where did the sre role come from originally?"
              - "who invented devops and when"
              - "history of platform engineering?"
              - "when did companies start hiring cloud engineers"
              - "how did devops start, was it a movement or a job title first"
              - "origin story of site reliability engineering pls"
              - "which company came up with sre"
              - "how old is the devops idea"
              - "why did platform engineering appear only recently"
              - "what came before devops, historically"
            """);
        File.AppendAllText(Path.Combine(_folder.Path, RoleCatalog.FileName), """
              - id: security
                name: Security Engineer
                short: Security
                plural: Security Engineers
                article: roles/security.md
                aliases: [security engineer, security engineers, security engineering, appsec engineer, security team]

            """);
        _folder.Write("roles/security.md", """
            ---
            title: Security Engineer
            roles: [security]
            kind: role
            sources: ["Written for this test"]
            ---

            # Security Engineer

            ## Definition

            A Security Engineer protects systems and data by finding weaknesses, hardening infrastructure and responding to security incidents.

            - They run threat modelling sessions with development teams.
            - They review cloud permissions and secrets handling.

            ## Tools

            Security Engineers use vulnerability scanners, SIEM platforms and secret managers every day.
            """);
        Engine = RoleBotEngine.Load(_folder.Path, _cache.Path);
    }

    public void Dispose()
    {
        Engine.Dispose();
        _folder.Dispose();
        _cache.Dispose();
    }
}

public sealed class ExtendingAsDataTests(ExtendedCorpusFixture fixture) : IClassFixture<ExtendedCorpusFixture>
{
    private RoleBotEngine Engine => fixture.Engine;

    [Fact]
    public void An_intent_added_as_a_file_appears_in_help_and_routing_and_answers_from_its_kinds()
    {
        var help = Engine.Ask("/help").Reply.Sections.Single(s => s.Heading == "Commands").Bullets;
        Assert.Contains("/history: where the roles came from", help);

        var command = Engine.Ask("/history");
        Assert.Equal("history", command.Intent.Id);

        var typed = Engine.Ask("hey, random question: so where did this whole sre thing even come from in the first place?");
        Assert.Equal("history", typed.Intent.Id);
        Assert.NotEmpty(typed.Reply.Citations);
    }

    [Fact]
    public void A_role_added_as_data_is_listed_defined_compared_and_understood()
    {
        Assert.Contains("Security Engineer", Engine.Ask("/roles").Reply.Sections.Single().Bullets.Last());

        var define = Engine.Ask("what does a security engineer do?");
        Assert.Equal(Intent.Define, define.Intent);
        Assert.Equal(["security"], define.Roles);
        Assert.Contains("protects systems", define.Reply.ShortAnswer);
        Assert.Contains(define.Reply.Citations, c => c.File == "roles/security.md");

        var compare = Engine.Ask("/compare security sre");
        Assert.Equal(["security", "sre"], compare.Roles);
        Assert.Contains("Security", compare.Reply.Table!.Columns);
    }
}
