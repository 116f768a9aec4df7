using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RoleBot.Knowledge;

/// <summary>One of our teams: the role it plays here, where to ask it, how to page it.</summary>
public sealed record OrgTeam(string Role, string Name, string? Slack, string? Teams, string? OnCall, string? Docs)
{
    /// <summary>The Slack channel's id (C…), when known: Slack then shows the channel as a link.</summary>
    public string? SlackId { get; init; }

    /// <summary><see cref="WhereToAsk"/> as inline nodes: the Slack channel as a channel, not just its name.</summary>
    public IReadOnlyList<Answers.Inline> WhereToAskLine(Understanding.Channel channel)
    {
        Answers.Inline? slack = Slack is null ? null : new Answers.ChannelRef(Slack, SlackId);
        Answers.Inline? teams = Teams is null ? null : new Answers.TextRun(Teams);
        return channel switch
        {
            Understanding.Channel.Slack => slack is not null ? [slack] : teams is not null ? [teams] : [],
            Understanding.Channel.Teams => teams is not null ? [teams] : slack is not null ? [slack] : [],
            _ => slack is not null && teams is not null && Slack != Teams ? [slack, " in Slack, ", teams, " in Teams"]
                : slack is not null ? [slack] : teams is not null ? [teams] : [],
        };
    }

    /// <summary>Where to ask, for the channel the question came from (both where it is neither), as words.</summary>
    public string? WhereToAsk(Understanding.Channel channel) =>
        WhereToAskLine(channel) is { Count: > 0 } line ? Answers.Inline.Plain(line) : null;
}

/// <summary>
/// Our organisation (<c>org.yaml</c>): which team plays each role here. Optional: without the file
/// the directory is empty and answers speak of roles only. A file that is there must be right: an
/// unknown role, a team without a name or broken YAML stops loading with the line and what to fix.
/// </summary>
public sealed class OrgDirectory
{
    public const string FileName = "org.yaml";

    public static readonly OrgDirectory Empty = new(null, false, []);

    public string? Organisation { get; }

    /// <summary>The shipped example, not a real organisation's directory.</summary>
    public bool IsExample { get; }

    public IReadOnlyList<OrgTeam> Teams { get; }

    public bool IsEmpty => Teams.Count == 0;

    public OrgDirectory(string? organisation, bool isExample, IReadOnlyList<OrgTeam> teams)
    {
        Organisation = organisation;
        IsExample = isExample;
        Teams = teams;
    }

    /// <summary>The team that plays <paramref name="role"/> here, if the directory names one.</summary>
    public OrgTeam? For(string role) => Teams.FirstOrDefault(t => t.Role == role);

    /// <summary>"Our teams at Example Corp (example directory)": marked as the example until the file is replaced.</summary>
    public string Heading(string what) =>
        Organisation is null ? what : $"{what} at {Organisation}" + (IsExample ? " (example directory)" : "");

    /// <summary>Every team here, one line each: who they are and where to ask them on <paramref name="channel"/>.</summary>
    public IReadOnlyList<IReadOnlyList<Answers.Inline>> TeamLines(RoleCatalog catalog, Understanding.Channel channel) => Teams.Select(t =>
    {
        var where = t.WhereToAskLine(channel);
        return (IReadOnlyList<Answers.Inline>)[$"{t.Name} ({catalog.Get(t.Role).Plural})", .. where.Count > 0 ? [": ", .. where] : Array.Empty<Answers.Inline>()];
    }).ToList();

    public static OrgDirectory Load(string folder, RoleCatalog catalog)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return Empty;
        string yaml;
        try { yaml = File.ReadAllText(path); }
        catch (IOException e) { throw new KnowledgeException($"Cannot read {FileName}: {e.Message}"); }
        return Parse(yaml, catalog, FileName);
    }

    public static OrgDirectory Parse(string yaml, RoleCatalog catalog, string origin = FileName)
    {
        OrgFile? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<OrgFile?>(yaml);
        }
        catch (YamlException e) when (e.InnerException is KnowledgeException known)
        {
            throw known;
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            throw new KnowledgeException($"{origin}, line {e.Start.Line}: {reason}. Check the indentation and quoting (a Slack channel such as #team needs quotes).");
        }
        if (file is null) return Empty;
        var teams = new List<OrgTeam>();
        foreach (var (entry, index) in (file.Teams ?? []).Select((t, i) => (t, i)))
        {
            var where = $"{origin}, line {entry?.Line ?? 0}, team {index + 1}";
            if (entry is null) throw new KnowledgeException($"{where}: an empty entry; give it a role and a name.");
            if (string.IsNullOrWhiteSpace(entry.Role))
                throw new KnowledgeException($"{where}: the team has no role; set role to one of {string.Join(", ", catalog.Roles.Select(r => r.Id))}.");
            if (catalog.Find(entry.Role.Trim()) is null)
                throw new KnowledgeException($"{where}: unknown role '{entry.Role}'; use one of {string.Join(", ", catalog.Roles.Select(r => r.Id))}.");
            if (string.IsNullOrWhiteSpace(entry.Name))
                throw new KnowledgeException($"{where}: the {entry.Role} team has no name; add name: with the team's name here.");
            if (teams.Any(t => t.Role == entry.Role.Trim()))
                throw new KnowledgeException($"{where}: a second team for the role '{entry.Role}'; give each role one team.");
            if (Blank(entry.SlackId) is { } id && !System.Text.RegularExpressions.Regex.IsMatch(id, "^[CG][A-Z0-9]{2,20}$"))
                throw new KnowledgeException($"{where}: slack_id '{id}' is not a Slack channel id; copy it from the channel's details (it starts with C).");
            teams.Add(new OrgTeam(entry.Role.Trim(), entry.Name.Trim(), Blank(entry.Slack), Blank(entry.Teams), Blank(entry.Oncall), Blank(entry.Docs)) { SlackId = Blank(entry.SlackId) });
        }
        return new OrgDirectory(Blank(file.Organisation), file.Example ?? false, teams);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed class OrgFile
    {
        public string? Organisation { get; set; }
        public bool? Example { get; set; }
        public List<TeamEntry?>? Teams { get; set; }
    }

    private sealed class TeamEntry : IYamlConvertible
    {
        public string? Role { get; set; }
        public string? Name { get; set; }
        public string? Slack { get; set; }
        public string? Teams { get; set; }
        public string? Oncall { get; set; }
        public string? Docs { get; set; }
        public string? SlackId { get; set; }
        public long Line { get; private set; }

        // Reads the mapping by hand to remember the line it starts on (for error messages).
        public void Read(IParser parser, Type expectedType, ObjectDeserializer nestedObjectDeserializer)
        {
            Line = parser.Current?.Start.Line ?? 0;
            var values = (Dictionary<string, string?>?)nestedObjectDeserializer(typeof(Dictionary<string, string?>)) ?? [];
            foreach (var key in values.Keys.Where(k => k is not ("role" or "name" or "slack" or "slack_id" or "teams" or "oncall" or "docs")))
                throw new KnowledgeException($"{FileName}, line {Line}: unknown field '{key}'; a team has role, name, slack, slack_id, teams, oncall and docs.");
            Role = values.GetValueOrDefault("role");
            Name = values.GetValueOrDefault("name");
            Slack = values.GetValueOrDefault("slack");
            Teams = values.GetValueOrDefault("teams");
            Oncall = values.GetValueOrDefault("oncall");
            Docs = values.GetValueOrDefault("docs");
            SlackId = values.GetValueOrDefault("slack_id");
        }

        public void Write(IEmitter emitter, ObjectSerializer nestedObjectSerializer) => throw new NotSupportedException();
    }
}
