using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoleBot.Evaluation;

/// <summary>One line of a labelled question file: <c>{"q", "intent", "roles"}</c>.</summary>
public sealed record LabelledQuestion(
    [property: JsonPropertyName("q")] string Question,
    [property: JsonPropertyName("intent")] string Intent,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles)
{
    /// <summary>Reads a JSON-lines file; a bad line is an error naming its line number.</summary>
    public static List<LabelledQuestion> ReadFile(string path)
    {
        var result = new List<LabelledQuestion>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            LabelledQuestion? q;
            try { q = JsonSerializer.Deserialize<LabelledQuestion>(line); }
            catch (JsonException e) { throw new FormatException($"{path}:{number}: {e.Message}"); }
            if (q?.Question is null || q.Intent is null)
                throw new FormatException($"{path}:{number}: each line needs \"q\" and \"intent\".");
            result.Add(q with { Roles = q.Roles ?? [] });
        }
        return result;
    }
}
