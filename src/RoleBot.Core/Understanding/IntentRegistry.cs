using System.Reflection;
using RoleBot.Knowledge;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RoleBot.Understanding;

/// <summary>
/// Where a reply is shown, when that changes what it says (the commands each app registers, the
/// channel to ask our teams in). <see cref="Other"/>: the terminal and the chat page.
/// </summary>
public enum Channel { Teams, Slack, Other }

/// <summary>A slash command and what it means: the usage line, the help line, where it is registered.</summary>
public sealed record IntentCommand(string Name, string Usage, string Summary, string Example, bool Slack, bool Teams, bool TakesQuestion);

/// <summary>
/// One intent as declared in <c>knowledge/intents/&lt;id&gt;.yaml</c>: its commands, the passage kinds
/// it answers from, where it stands in the help, and the example messages the classifier learns from.
/// </summary>
public sealed record IntentDefinition(
    Intent Intent,
    int Rank,
    string Help,
    IReadOnlyList<IntentCommand> Commands,
    IReadOnlyList<PassageKind> Kinds,
    IReadOnlyList<string> Examples,
    string? Title)
{
    /// <summary>
    /// Words that frame a question of this intent but name nothing it is about (<c>framing:</c>):
    /// "who owns", "which team" for who; "new here", "which channel" for onboarding. What is left
    /// once they are taken away is the task, if there is one.
    /// </summary>
    public IReadOnlyList<string> Framing { get; init; } = [];
}

/// <summary>
/// Every intent RoleBot knows, read from <c>intents/*.yaml</c> in the knowledge folder, or from the
/// copy of the repo's files built into the assembly when the folder has none (raw articles). The
/// help text, usage replies, the CLI banner, the Slack command list and the manifests' tests all
/// read from here.
/// </summary>
public sealed class IntentRegistry
{
    public const string FolderName = "intents";
    private const string ResourcePrefix = "RoleBot.intents.";

    public IReadOnlyList<IntentDefinition> Intents { get; }
    private readonly Dictionary<string, IntentDefinition> _byId;
    private readonly Dictionary<string, (IntentDefinition Intent, IntentCommand Command)> _byCommand;

    /// <summary>
    /// Words wrapped around a question that carry no intent ("asking for a friend", "thanks in
    /// advance"), from <c>intents/_asides.yaml</c>: the classifier learns to ignore them.
    /// </summary>
    public IReadOnlyList<string> Asides { get; }

    /// <summary>
    /// Examples labelled with the role they point to, per intent (<c>intents/_&lt;id&gt;-roles.yaml</c>):
    /// for "fit", which role each way of describing oneself suits.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Text, string Role)>> RoleExamples { get; init; } =
        new Dictionary<string, IReadOnlyList<(string Text, string Role)>>();

    /// <summary>
    /// Examples labelled with the task they ask about, per intent (<c>intents/_&lt;id&gt;-tasks.yaml</c>):
    /// for "who", the heading of the ownership section each way of describing a task means.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Text, string Task)>> TaskExamples { get; init; } =
        new Dictionary<string, IReadOnlyList<(string Text, string Task)>>();

    public IntentRegistry(IEnumerable<IntentDefinition> intents, IReadOnlyList<string>? asides = null)
    {
        Asides = asides ?? [];
        Intents = intents.OrderBy(i => i.Rank).ThenBy(i => i.Intent.Id, StringComparer.Ordinal).ToList();
        _byId = Intents.ToDictionary(i => i.Intent.Id, StringComparer.OrdinalIgnoreCase);
        _byCommand = new(StringComparer.OrdinalIgnoreCase);
        foreach (var i in Intents)
            foreach (var c in i.Commands)
                if (!_byCommand.TryAdd(c.Name, (i, c)))
                    throw new KnowledgeException($"intents: the command /{c.Name} is declared twice.");
        foreach (var required in new[] { Intent.Unknown, Intent.Help, Intent.Greeting })
            if (!_byId.ContainsKey(required.Id))
                throw new KnowledgeException($"intents: the '{required.Id}' intent is required.");
    }

    public IntentDefinition? Find(Intent intent) => _byId.GetValueOrDefault(intent.Id);

    public IntentDefinition Get(Intent intent) => _byId[intent.Id];

    public bool Contains(Intent intent) => _byId.ContainsKey(intent.Id);

    /// <summary>The intent and command a slash command's name stands for ("compare", "term").</summary>
    public (IntentDefinition Intent, IntentCommand Command)? Command(string name) =>
        _byCommand.TryGetValue(name, out var found) ? found : null;

    /// <summary>Every command, in help order.</summary>
    public IEnumerable<IntentCommand> Commands => Intents.SelectMany(i => i.Commands);

    /// <summary>The commands an app registers on <paramref name="channel"/> (its manifest lists exactly these).</summary>
    public IEnumerable<IntentCommand> CommandsOn(Channel channel) => Commands.Where(c => channel == Channel.Slack ? c.Slack : c.Teams);

    /// <summary>"/compare &lt;role&gt; &lt;role&gt;: roles side by side", one line per command the channel registers.</summary>
    public IReadOnlyList<string> HelpLines(Channel channel = Channel.Teams) =>
        CommandsOn(channel).Select(c => $"{c.Usage}: {c.Summary}").ToList();

    public static IntentRegistry Load(string folder)
    {
        var dir = Path.Combine(folder, FolderName);
        if (!Directory.Exists(dir) || !Directory.EnumerateFiles(dir, "*.yaml").Any(f => !Path.GetFileName(f).StartsWith('_'))) return Builtin();
        return FromFiles(Directory.EnumerateFiles(dir, "*.yaml").Select(f => (Path.GetFileName(f), File.ReadAllText(f))), FolderName + "/");
    }

    private static readonly Lazy<IntentRegistry> BuiltinRegistry = new(() =>
    {
        var assembly = Assembly.GetExecutingAssembly();
        return FromFiles(assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Select(name =>
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            return (name[ResourcePrefix.Length..], reader.ReadToEnd());
        }), $"built-in {FolderName}/");
    });

    /// <summary>The repo's own intents, built into the assembly.</summary>
    public static IntentRegistry Builtin() => BuiltinRegistry.Value;

    /// <summary>
    /// One intent per "&lt;id&gt;.yaml"; files whose names start with "_" hold shared data: the asides,
    /// and examples labelled with a role or a task ("_fit-roles.yaml", "_who-tasks.yaml"), which are
    /// that intent's examples too, so each is written once.
    /// </summary>
    private static IntentRegistry FromFiles(IEnumerable<(string Name, string Yaml)> files, string origin)
    {
        var ordered = files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var asides = ordered.Where(f => f.Name == "_asides.yaml").SelectMany(f => ParseAsides(f.Yaml, origin + f.Name)).ToList();
        var roleExamples = Labelled(ordered, "roles", origin, label => label.ToLowerInvariant());
        var taskExamples = Labelled(ordered, "tasks", origin, label => label);
        var intents = ordered.Where(f => !f.Name.StartsWith('_'))
            .Select(f => Parse(f.Yaml, Path.GetFileNameWithoutExtension(f.Name), origin + f.Name))
            .Select(i => i with
            {
                Examples = i.Examples.Concat(Texts(roleExamples, i.Intent)).Concat(Texts(taskExamples, i.Intent)).Distinct().ToList(),
            });
        return new IntentRegistry(intents, asides) { RoleExamples = roleExamples, TaskExamples = taskExamples };
    }

    private static IEnumerable<string> Texts(Dictionary<string, IReadOnlyList<(string Text, string Label)>> labelled, Intent intent) =>
        labelled.GetValueOrDefault(intent.Id)?.Select(e => e.Text) ?? [];

    /// <summary>"_&lt;intent&gt;-&lt;what&gt;.yaml" files: per intent, examples under the label they carry.</summary>
    private static Dictionary<string, IReadOnlyList<(string Text, string Label)>> Labelled(List<(string Name, string Yaml)> files, string what, string origin, Func<string, string> label) =>
        files.Where(f => f.Name.StartsWith('_') && f.Name.EndsWith($"-{what}.yaml"))
            .ToDictionary(f => f.Name[1..^$"-{what}.yaml".Length], f => (IReadOnlyList<(string, string)>)ParseLabelled(f.Yaml, what, origin + f.Name, label));

    private static List<(string Text, string Label)> ParseLabelled(string yaml, string what, string origin, Func<string, string> label)
    {
        try
        {
            var file = new DeserializerBuilder().Build().Deserialize<Dictionary<string, Dictionary<string, List<string?>?>?>?>(yaml);
            return (file?.GetValueOrDefault(what) ?? []).SelectMany(kv => (kv.Value ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => (t!.Trim(), label(kv.Key.Trim())))).ToList();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new KnowledgeException($"{origin}, line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
    }

    private static List<string> ParseAsides(string yaml, string origin)
    {
        try
        {
            var file = new DeserializerBuilder().Build().Deserialize<Dictionary<string, List<string?>?>?>(yaml);
            return (file?.GetValueOrDefault("asides") ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).ToList();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new KnowledgeException($"{origin}, line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
    }

    public static IntentDefinition Parse(string yaml, string fileId, string origin)
    {
        IntentFile file;
        try
        {
            file = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build()
                .Deserialize<IntentFile>(yaml) ?? new IntentFile();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new KnowledgeException($"{origin}, line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        var id = (file.Id ?? fileId).Trim().ToLowerInvariant();
        if (id.Length == 0 || !id.All(c => char.IsAsciiLetterLower(c) || c == '-'))
            throw new KnowledgeException($"{origin}: the intent id '{id}' must be lower-case letters.");
        if (string.IsNullOrWhiteSpace(file.Help))
            throw new KnowledgeException($"{origin}: 'help' (one line saying what the intent answers) is missing.");
        var kinds = new List<PassageKind>();
        foreach (var k in file.Kinds ?? [])
            kinds.Add(Enum.TryParse<PassageKind>(k, ignoreCase: true, out var kind)
                ? kind
                : throw new KnowledgeException($"{origin}: unknown passage kind '{k}' (one of: {string.Join(", ", Enum.GetNames<PassageKind>().Select(n => n.ToLowerInvariant()))})."));
        var commands = (file.Commands ?? []).Select(c =>
        {
            if (c is null || string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.Summary))
                throw new KnowledgeException($"{origin}: every command needs a name and a summary.");
            var name = c.Name.Trim().TrimStart('/').ToLowerInvariant();
            return new IntentCommand(name, string.IsNullOrWhiteSpace(c.Usage) ? "/" + name : c.Usage.Trim(), c.Summary.Trim(),
                string.IsNullOrWhiteSpace(c.Example) ? "/" + name : c.Example.Trim(), c.Slack ?? true, c.Teams ?? true, c.Question ?? false);
        }).ToList();
        var examples = (file.Examples ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim()).Distinct().ToList();
        if (examples.Count < 5)
            throw new KnowledgeException($"{origin}: an intent needs at least 5 examples to be learned ({examples.Count} given).");
        return new IntentDefinition(new Intent(id), file.Rank ?? 100, file.Help.Trim(), commands, kinds, examples, file.Title?.Trim())
        {
            Framing = (file.Framing ?? []).Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w!.Trim()).ToList(),
        };
    }

    private sealed class IntentFile
    {
        public string? Id { get; set; }
        public int? Rank { get; set; }
        public string? Help { get; set; }
        public string? Title { get; set; }
        public List<string>? Kinds { get; set; }
        public List<CommandEntry?>? Commands { get; set; }
        public List<string?>? Examples { get; set; }
        public List<string?>? Framing { get; set; }
    }

    private sealed class CommandEntry
    {
        public string? Name { get; set; }
        public string? Usage { get; set; }
        public string? Summary { get; set; }
        public string? Example { get; set; }
        public bool? Slack { get; set; }
        public bool? Teams { get; set; }
        public bool? Question { get; set; }
    }
}
