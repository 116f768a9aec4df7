using RoleBot.Knowledge;
using RoleBot.Search;
using RoleBot.Understanding;
using static RoleBot.Answers.Phrasing;

namespace RoleBot.Answers;

/// <summary>
/// The answers that speak of our organisation: where a newcomer starts, which team to ask in which
/// channel, and how to page one. The teams come from <c>org.yaml</c>; without it, roles only.
/// </summary>
public sealed partial class ReplyComposer
{
    private OrgDirectory Org => knowledge.Org;

    private IReadOnlyList<Suggestion> Newcomer => knowledge.Suggestions["newcomer"];

    /// <summary>A newcomer's question: where to ask about a task, how to reach a team, or the guide.</summary>
    private Reply Onboard(Understood u)
    {
        var urgent = Cues.Urgent.IsMatch(u.Text);
        if (u.Task is { } task)
        {
            Cite(task);
            var owner = task.Roles[0];
            return new Reply
            {
                Title = $"Where to ask about {LowerFirst(task.Heading)}",
                ShortAnswer = Org.For(owner) is { } team ? AskTeam(team, urgent) : $"{Plural(owner)} look after this. {task.Summary}",
                Sections = [.. TeamSection(owner), ReplySection.Of("Who owns it", task.Summary)],
                Suggestions = [.. Newcomer.Take(2), new($"What does {A(RoleName(owner))} do?", $"/role {owner}")],
            };
        }
        if (u.Roles.Count > 0)
        {
            var role = u.Roles[0];
            var team = Org.For(role);
            return new Reply
            {
                Title = team is null ? $"Reaching {Plural(role)}" : $"Reaching {team.Name}",
                ShortAnswer = team is null ? $"Ask the {Plural(role)} on your team or in your team's help channel." : AskTeam(team, urgent),
                Sections = [.. TeamSection(role)],
                Suggestions = [new($"What does {A(RoleName(role))} do?", $"/role {role}"), .. Newcomer.Take(2)],
            };
        }
        // The general guide: the onboarding section closest to the question (first week, where to ask…).
        var hits = search.Search(u.Text, u.Vector, new SearchFilter { Kinds = [PassageKind.Onboarding] }, 1);
        if (hits.Count == 0) return NothingFound(u);
        var guide = Cite(hits[0].Passage);
        var sections = new List<ReplySection>();
        if (urgent && OnCallLines().ToList() is { Count: > 0 } paging) sections.Add(ReplySection.Of("Urgent? Page the on-call", null, paging));
        sections.Add(ReplySection.Of(guide.Heading, null, Bullets(guide.Details)));
        if (!Org.IsEmpty) sections.Add(ReplySection.Of(Org.Heading("Our teams"), null) with { Lines = Org.TeamLines(Catalog, _channel) });
        return new Reply
        {
            Title = guide.Heading,
            ShortAnswer = guide.Summary,
            Sections = sections,
            Suggestions = Newcomer,
        };
    }

    /// <summary>"Here, ask Delivery Engineering in #delivery-help." (how to page them first when it is urgent).</summary>
    private string AskTeam(OrgTeam team, bool urgent)
    {
        var where = team.WhereToAsk(_channel);
        if (urgent && team.OnCall is { } oncall)
            return $"It sounds urgent: page {team.Name} via {oncall}." + (where is null ? "" : $" Otherwise ask them in {where}.");
        return where is null ? $"Here, ask {team.Name}." : $"Here, ask {team.Name} in {where}.";
    }

    /// <summary>The team that plays <paramref name="role"/> here, where to ask it and how to page it.</summary>
    private IEnumerable<ReplySection> TeamSection(string role)
    {
        if (Org.For(role) is not { } team) yield break;
        var lines = new List<IReadOnlyList<Inline>>();
        if (team.WhereToAskLine(_channel) is { Count: > 0 } where) lines.Add(["Ask in ", .. where]);
        if (team.OnCall is { } oncall) lines.Add([$"On-call: {oncall}"]);
        if (team.Docs is { } docs) lines.Add(["Docs: ", new Link(docs, docs)]);
        yield return ReplySection.Of(Org.Heading(team.Name), $"{team.Name} are our {Plural(role)}.") with { Lines = lines };
    }

    private IEnumerable<string> OnCallLines() => Org.Teams.Where(t => t.OnCall is not null).Select(t => $"{t.Name}: {t.OnCall}");
}
