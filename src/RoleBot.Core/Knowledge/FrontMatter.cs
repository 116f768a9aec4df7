using YamlDotNet.Serialization;

namespace RoleBot.Knowledge;

/// <summary>The YAML block between <c>---</c> lines at the top of a Markdown file.</summary>
public sealed record FrontMatter(string? Title, IReadOnlyList<string> Roles, string? Kind, IReadOnlyList<string> Sources)
{
    public static readonly FrontMatter None = new(null, [], null, []);

    /// <summary>Splits a document into its front matter and body. Malformed YAML is treated as absent.</summary>
    public static (FrontMatter Meta, string Body) Split(string text)
    {
        var normalized = text.TrimStart('\uFEFF');
        if (!normalized.StartsWith("---")) return (None, text);
        var lines = normalized.Split('\n');
        if (lines[0].TrimEnd('\r').Trim() != "---") return (None, text);
        var end = Array.FindIndex(lines, 1, l => l.TrimEnd('\r').Trim() is "---" or "...");
        if (end < 0) return (None, text);
        var yaml = string.Join('\n', lines[1..end]);
        var body = string.Join('\n', lines[(end + 1)..]);
        try
        {
            var raw = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object?>>(yaml);
            if (raw is null) return (None, body);
            return (new FrontMatter(
                AsString(raw.GetValueOrDefault("title")),
                AsList(raw.GetValueOrDefault("roles")).Select(r => r.ToLowerInvariant()).ToList(),
                AsString(raw.GetValueOrDefault("kind"))?.ToLowerInvariant(),
                AsList(raw.GetValueOrDefault("sources"))), body);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return (None, body);
        }
    }

    private static string? AsString(object? value) => value switch
    {
        string s when !string.IsNullOrWhiteSpace(s) => s.Trim(),
        _ => null,
    };

    private static List<string> AsList(object? value) => value switch
    {
        string s => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        IEnumerable<object?> items => items.Select(i => i?.ToString()?.Trim() ?? "").Where(i => i.Length > 0).ToList(),
        _ => [],
    };
}
