using System.Reflection;
using RoleBot.Understanding;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RoleBot.Knowledge;

/// <summary>
/// The fixed questions RoleBot offers (<c>suggestions.yaml</c>): examples in help and welcomes, and
/// follow-ups that no answer's own passages supply. Content, so it lives with the corpus; a folder
/// without the file (raw articles) gets the repo's copy built into the assembly.
/// </summary>
public sealed class SuggestionCatalog
{
    public const string FileName = "suggestions.yaml";

    private readonly Dictionary<string, IReadOnlyList<Suggestion>> _lists;

    private SuggestionCatalog(Dictionary<string, IReadOnlyList<Suggestion>> lists) => _lists = lists;

    /// <summary>The list named <paramref name="name"/> ("examples", "fit", …); empty if the file has none.</summary>
    public IReadOnlyList<Suggestion> this[string name] => _lists.GetValueOrDefault(name) ?? [];

    public IReadOnlyList<Suggestion> Examples => this["examples"];

    /// <summary>Every entry of every list.</summary>
    public IEnumerable<Suggestion> All => _lists.Values.SelectMany(l => l);

    public static SuggestionCatalog Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path) : Builtin();
    }

    private static readonly Lazy<SuggestionCatalog> BuiltinCatalog = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("RoleBot.suggestions.yaml")
            ?? throw new InvalidOperationException("The built-in suggestions are missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "built-in " + FileName);
    });

    public static SuggestionCatalog Builtin() => BuiltinCatalog.Value;

    public static SuggestionCatalog Parse(string yaml, string origin)
    {
        Dictionary<string, List<Entry?>?>? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<Dictionary<string, List<Entry?>?>?>(yaml);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new KnowledgeException($"{origin}, line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        var lists = new Dictionary<string, IReadOnlyList<Suggestion>>(StringComparer.Ordinal);
        foreach (var (name, entries) in file ?? [])
            lists[name] = (entries ?? []).Select(e => e is null || string.IsNullOrWhiteSpace(e.Label)
                    ? throw new KnowledgeException($"{origin}: every entry of '{name}' needs a label.")
                    : new Suggestion(e.Label.Trim(), string.IsNullOrWhiteSpace(e.Message) ? e.Label.Trim() : e.Message.Trim()))
                .ToList();
        return new SuggestionCatalog(lists);
    }

    private sealed class Entry
    {
        public string? Label { get; set; }
        public string? Message { get; set; }
    }
}
