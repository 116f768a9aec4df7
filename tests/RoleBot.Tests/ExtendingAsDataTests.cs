using RoleBot.Knowledge;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// The repo's corpus plus one intent and one role added as files only, no code: a "first week"
/// intent that answers from the onboarding article, and a Security Engineer role.
/// </summary>
public sealed class ExtendedCorpusFixture : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TempFolder _cache = new();
    public RoleBotEngine Engine { get; }

    public ExtendedCorpusFixture()
    {
        _folder.CopyFrom(Paths.Knowledge);
        _folder.Write("intents/firstweek.yaml", """
            id: firstweek
            rank: 20
            help: "what to do in your first week"
            kinds: [onboarding]
            commands:
              - name: start
                usage: "/start"
                summary: "what to do in your first week"
            examples:
              - "i'm new here, what should i do in my first week?"
              - "first week checklist please"
              - "just joined the team today, where do i even start"
              - "day one here, what should i set up first"
              - "any onboarding checklist for new engineers?"
              - "what should a new starter read in their first days"
              - "hi! i started on monday, what's expected of me this week"
              - "new joiner here - what do i need to get done before friday"
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
        Assert.Contains("/start: what to do in your first week", help);

        var command = Engine.Ask("/start");
        Assert.Equal("firstweek", command.Intent.Id);

        var typed = Engine.Ask("hey, it's my second day here. what am I supposed to do this week?");
        Assert.Equal("firstweek", typed.Intent.Id);
        Assert.Contains(typed.Reply.Citations, c => c.File == "onboarding.md");
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
