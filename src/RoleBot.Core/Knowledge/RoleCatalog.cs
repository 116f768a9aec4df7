using System.Reflection;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RoleBot.Knowledge;

/// <summary>
/// The roles RoleBot knows, read from <c>roles.yaml</c>. A folder without one (raw articles, such as
/// the seed corpus) gets the catalog shipped inside the assembly, which is the repo's own file.
/// </summary>
public sealed class RoleCatalog
{
    public const string FileName = "roles.yaml";

    public IReadOnlyList<Role> Roles { get; }
    private readonly Dictionary<string, Role> _byId;

    public RoleCatalog(IEnumerable<Role> roles)
    {
        Roles = roles.ToList();
        _byId = Roles.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
    }

    public Role? Find(string id) => _byId.GetValueOrDefault(id);

    public Role Get(string id) => _byId.TryGetValue(id, out var role)
        ? role
        : throw new KeyNotFoundException($"No role '{id}' in the catalog.");

    public static RoleCatalog Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path) : Builtin();
    }

    public static RoleCatalog Builtin()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("RoleBot.roles.yaml")
            ?? throw new InvalidOperationException("The built-in role catalog is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "built-in roles.yaml");
    }

    public static RoleCatalog Parse(string yaml, string origin)
    {
        CatalogFile file;
        try
        {
            file = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .IgnoreUnmatchedProperties()
                .Build()
                .Deserialize<CatalogFile>(yaml) ?? new CatalogFile();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new KnowledgeException($"{origin}: {e.Message}");
        }

        var roles = new List<Role>();
        foreach (var entry in file.Roles ?? [])
        {
            if (entry is null || string.IsNullOrWhiteSpace(entry.Id) || string.IsNullOrWhiteSpace(entry.Name))
                throw new KnowledgeException($"{origin}: every role needs an id and a name.");
            var id = entry.Id.Trim().ToLowerInvariant();
            var shortName = string.IsNullOrWhiteSpace(entry.Short) ? entry.Name.Trim() : entry.Short.Trim();
            var plural = string.IsNullOrWhiteSpace(entry.Plural) ? entry.Name.Trim() + "s" : entry.Plural.Trim();
            var aliases = new[] { id, entry.Name, shortName, plural }
                .Concat((entry.Aliases ?? []).Select(a => a ?? throw new KnowledgeException($"{origin}: role '{entry.Id}' has an empty alias.")))
                .Select(a => a.Trim().ToLowerInvariant())
                .Where(a => a.Length > 0)
                .Distinct()
                .ToList();
            if (roles.Any(r => r.Id == id)) throw new KnowledgeException($"{origin}: the role id '{id}' is defined twice.");
            var everyday = (entry.EverydayWords ?? []).Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w!.Trim().ToLowerInvariant()).ToHashSet();
            if (everyday.FirstOrDefault(w => !aliases.Contains(w)) is { } stray)
                throw new KnowledgeException($"{origin}: role '{id}' lists '{stray}' under everyday_words, but it is not one of its aliases.");
            roles.Add(new Role(id, entry.Name.Trim(), shortName, plural, aliases, entry.Article) { EverydayWords = everyday, CompareLast = entry.CompareLast ?? false });
        }
        if (roles.Count == 0) throw new KnowledgeException($"{origin}: no roles defined.");
        return new RoleCatalog(roles);
    }

    private sealed class CatalogFile
    {
        public List<CatalogEntry?>? Roles { get; set; }
    }

    private sealed class CatalogEntry
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? Short { get; set; }
        public string? Plural { get; set; }
        public string? Article { get; set; }
        public List<string?>? Aliases { get; set; }
        public List<string?>? EverydayWords { get; set; }
        public bool? CompareLast { get; set; }
    }
}
