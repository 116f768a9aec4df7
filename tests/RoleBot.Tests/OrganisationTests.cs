using RoleBot.Answers;
using RoleBot.Knowledge;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// Our own organisation (<c>org.yaml</c>): ownership and "where do I ask" answers name the team here,
/// its channel for the app the question came from, and its on-call route when it is urgent.
/// </summary>
[Collection("engine")]
public sealed class OrganisationTests(EngineFixture fixture)
{
    private RoleBotEngine Engine => fixture.Engine;

    private const string CustomOrg = """
        organisation: Acme Rockets
        teams:
          - role: devops
            name: Launch Pipeline Crew
            slack: "#launchpad"
            teams: "Rockets > Launchpad"
            oncall: "Opsgenie: launchpad-primary"
          - role: sre
            name: Mission Reliability
            slack: "#mission-control"
            teams: "Rockets > Mission Control"
            oncall: "call the duty phone, +1 555 0100"
        """;

    private static RoleBotEngine With(OrgDirectory? org, RoleBotEngine source)
    {
        var kb = source.Knowledge;
        return new RoleBotEngine(new KnowledgeBase(kb.Folder, kb.Catalog, kb.Articles, kb.Intents) { Suggestions = kb.Suggestions, Org = org ?? OrgDirectory.Empty });
    }

    [Theory]
    [InlineData(Channel.Slack, "#launchpad", "Rockets > Launchpad")]
    [InlineData(Channel.Teams, "Rockets > Launchpad", "#launchpad")]
    public void An_ownership_answer_names_our_team_and_its_channel_for_the_app_it_was_asked_in(Channel channel, string shown, string notShown)
    {
        using var engine = With(OrgDirectory.Parse(CustomOrg, Engine.Knowledge.Catalog), Engine);

        var a = engine.Ask("who do I ask when the pipeline is red?", channel);
        var text = PlainTextRenderer.Render(a.Reply);

        Assert.Equal(Intent.Who, a.Intent);
        Assert.Equal(["devops"], a.Roles);
        Assert.Contains("Launch Pipeline Crew", text);
        Assert.Contains(shown, text);
        Assert.DoesNotContain(notShown, text);
        // Both apps' places in the terminal and on the chat page.
        var other = PlainTextRenderer.Render(engine.Ask("who do I ask when the pipeline is red?", Channel.Other).Reply);
        Assert.Contains("#launchpad", other);
        Assert.Contains("Rockets > Launchpad", other);
    }

    [Fact]
    public void An_urgent_question_names_the_on_call_route()
    {
        using var engine = With(OrgDirectory.Parse(CustomOrg, Engine.Knowledge.Catalog), Engine);

        var urgent = engine.Ask("checkout is down and customers are screaming, who do I page??", Channel.Slack);
        var calm = engine.Ask("who writes the postmortems?", Channel.Slack);

        Assert.Equal(["sre"], urgent.Roles);
        Assert.Contains("call the duty phone, +1 555 0100", urgent.Reply.ShortAnswer);
        Assert.DoesNotContain("duty phone", calm.Reply.ShortAnswer);
    }

    [Fact]
    public void Without_an_org_file_answers_speak_of_roles_only()
    {
        using var engine = With(null, Engine);

        var a = engine.Ask("who owns the CI/CD pipelines?", Channel.Slack);
        var text = PlainTextRenderer.Render(a.Reply);

        Assert.Equal(["devops"], a.Roles);
        Assert.DoesNotContain("Delivery Engineering", text);
        Assert.DoesNotContain("example directory", text);
        Assert.Contains("DevOps", text);
    }

    [Fact]
    public void The_shipped_example_directory_is_used_and_marked_as_an_example()
    {
        var org = Engine.Knowledge.Org;
        Assert.True(org.IsExample);
        Assert.Equal("Example Corp", org.Organisation);
        Assert.All(Engine.Knowledge.Catalog.Roles, r => Assert.NotNull(org.For(r.Id)));

        var text = PlainTextRenderer.Render(Engine.Ask("where do I ask about cloud access?", Channel.Slack).Reply);
        Assert.Contains("Cloud Foundations", text);
        Assert.Contains("#cloud-infra", text);
        Assert.Contains("(example directory)", text);
    }

    [Theory]
    [InlineData("teams:\n  - role: security\n    name: Blue Team\n", "line 2", "unknown role 'security'")]
    [InlineData("teams:\n  - role: sre\n    slack: \"#sre\"\n", "line 2", "has no name")]
    [InlineData("teams:\n  - role: sre\n    name: SRE\n  - role: sre\n    name: Also SRE\n", "line 4", "a second team")]
    [InlineData("teams:\n  - role: sre\n    name: SRE\n    pager: yes\n", "line 2", "unknown field 'pager'")]
    [InlineData("teams:\n  - role: sre\n    name: [SRE\n", "line", "org.yaml")]
    public void A_bad_org_file_fails_loading_with_the_line_and_what_to_fix(string yaml, string line, string what)
    {
        using var folder = new TempFolder();
        folder.CopyFrom(Paths.Knowledge);
        folder.Write(OrgDirectory.FileName, yaml);

        var e = Assert.Throws<KnowledgeException>(() => KnowledgeBase.Load(folder.Path));

        Assert.Contains("org.yaml", e.Message);
        Assert.Contains(line, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void Welcomes_list_our_teams_and_where_to_ask_them()
    {
        var welcomes = new RoleBot.Answers.Welcomes(Engine.Knowledge);

        var slack = PlainTextRenderer.Render(welcomes.NewMembers([new Mention("U0ADA", "Ada")], Channel.Slack));
        var teams = PlainTextRenderer.Render(welcomes.BotInstalled(Channel.Teams));

        foreach (var team in Engine.Knowledge.Org.Teams)
        {
            Assert.Contains(team.Name, slack);
            Assert.Contains(team.Name, teams);
        }
        Assert.Contains("#delivery-help", slack);
        Assert.Contains("Engineering > Delivery", teams);
    }
}

/// <summary>Onboarding as an intent: where to start, who does what here, where to ask.</summary>
[Collection("engine")]
public sealed class OnboardingTests(EngineFixture fixture)
{
    private RoleBotEngine Engine => fixture.Engine;

    [Theory]
    [InlineData("I'm new, what should I do in my first week?", "Your first week")]
    [InlineData("hi! started yesterday. is there a checklist for new people?", null)]
    [InlineData("who does what around here?", null)]
    public void A_newcomer_gets_the_guide_from_the_onboarding_article(string message, string? section)
    {
        var a = Engine.Ask(message, Channel.Slack);

        Assert.Equal(new Intent("onboard"), a.Intent);
        Assert.Empty(a.Roles);
        Assert.Contains(a.Reply.Citations, c => c.File == "onboarding.md");
        if (section is not null) Assert.Equal(section, a.Reply.Title);
        Assert.DoesNotContain(a.Reply.Suggestions, s => s.Label.Contains("interview", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("where do I ask about cloud access?", "cloud", "#cloud-infra")]
    [InlineData("which channel should I use when my deploy is stuck?", "devops", "#delivery-help")]
    [InlineData("new here - how do I reach the SRE team?", "sre", "#sre-help")]
    public void Where_do_I_ask_names_the_team_here_and_its_channel(string message, string role, string channel)
    {
        var a = Engine.Ask(message, Channel.Slack);

        Assert.Equal(new Intent("onboard"), a.Intent);
        Assert.Equal([role], a.Roles);
        Assert.Contains(channel, PlainTextRenderer.Render(a.Reply));
    }
}
