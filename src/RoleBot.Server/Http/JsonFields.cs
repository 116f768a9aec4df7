using System.Text.Json.Nodes;

namespace RoleBot.Server.Http;

/// <summary>Reading fields of untrusted channel payloads (Teams activities, Slack payloads, connector answers).</summary>
public static class JsonFields
{
    /// <summary>A string field, or null when it is missing or not a string.</summary>
    public static string? Str(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
