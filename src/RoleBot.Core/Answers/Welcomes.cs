using RoleBot.Knowledge;
using RoleBot.Understanding;
using static RoleBot.Answers.Phrasing;

namespace RoleBot.Answers;

/// <summary>
/// What RoleBot says unprompted: the welcome when it is installed, and the short onboarding note for
/// a new team member. Both channels (Teams and Slack) send these; the words come from the corpus.
/// </summary>
public sealed class Welcomes(KnowledgeBase knowledge)
{
    private RoleCatalog Catalog => knowledge.Catalog;

    /// <summary>When RoleBot joins a team, a chat or a personal scope.</summary>
    public Reply BotInstalled(Channel channel = Channel.Teams) => new()
    {
        Title = "Hi, I'm RoleBot 👋",
        ShortAnswer = $"I explain who does what in engineering: {Names(Catalog, Catalog.Roles.Select(r => r.Id))} engineers, " +
                      "how they differ, their tools and skills, interview prep, who owns which task, and the jargon.",
        Sections =
        [
            ReplySection.Of("The roles", null, RoleLines()),
            .. OurTeams(channel),
            ReplySection.Of("Commands", null, knowledge.Intents.HelpLines(channel)),
            ReplySection.Of("Try asking", null, knowledge.Suggestions.Examples.Select(e => e.Label)),
        ],
        Suggestions = knowledge.Suggestions.Examples,
        Citations = [],
    };

    /// <summary>At most this many people are named in one welcome; the rest are counted.</summary>
    public const int MaxMentioned = 10;

    /// <summary>
    /// New members joined the team or onboarding channel: one short note that mentions them (up to
    /// <see cref="MaxMentioned"/>, then "and N others"), however many joined at once.
    /// </summary>
    public Reply NewMembers(IReadOnlyList<Mention> people, Channel channel = Channel.Teams)
    {
        var whereToAsk = knowledge.Passages.FirstOrDefault(p => p.Kind == PassageKind.Onboarding && p.Heading.Contains("ask", StringComparison.OrdinalIgnoreCase));
        var sections = new List<ReplySection> { ReplySection.Of("Who does what", null, RoleLines()) };
        // Our own teams and their channels say where to ask better than the general guide does.
        var teams = OurTeams(channel).ToList();
        sections.AddRange(teams);
        if (whereToAsk is not null && teams.Count == 0) sections.Add(ReplySection.Of("Where to ask", whereToAsk.Summary, Bullets(whereToAsk.Details, 6)));
        return new Reply
        {
            Title = "Welcome to the team! 👋",
            Greeting = Greeting(people),
            ShortAnswer = "I'm RoleBot. Ask me who does what here, what a role means, or who owns a task; here's the short version.",
            Sections = sections,
            Suggestions = knowledge.Suggestions["newcomer"],
            Citations = whereToAsk is null ? [] : [new Citation(whereToAsk.ArticleTitle, whereToAsk.File, whereToAsk.Sources)],
        };
    }

    private static IReadOnlyList<Inline> Greeting(IReadOnlyList<Mention> people)
    {
        if (people.Count == 0) return [];
        var named = people.Take(MaxMentioned).ToList();
        var line = new List<Inline> { "Hi " };
        for (var i = 0; i < named.Count; i++)
        {
            if (i > 0) line.Add(i == named.Count - 1 && people.Count == named.Count ? " and " : ", ");
            line.Add(named[i]);
        }
        if (people.Count > named.Count) line.Add($" and {people.Count - named.Count} others");
        line.Add("! Here's who does what, and where to ask.");
        return line;
    }

    /// <summary>Our teams from <c>org.yaml</c>, each with where to ask it on this channel; nothing without the file.</summary>
    private IEnumerable<ReplySection> OurTeams(Channel channel)
    {
        if (knowledge.Org.IsEmpty) yield break;
        yield return ReplySection.Of(knowledge.Org.Heading("Our teams"), null) with { Lines = knowledge.Org.TeamLines(Catalog, channel) };
    }

    private IEnumerable<string> RoleLines() => Catalog.Roles.Select(r =>
    {
        var definition = knowledge.Passages.FirstOrDefault(p => p.Kind == PassageKind.Definition && p.Roles.Count == 1 && p.Roles[0] == r.Id);
        return definition is null ? r.Name : $"{r.Name}: {FirstSentence(definition.Summary, 140)}";
    });
}
