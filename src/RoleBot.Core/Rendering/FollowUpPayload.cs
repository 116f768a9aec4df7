using System.Text.Json.Nodes;
using RoleBot.Understanding;

namespace RoleBot.Rendering;

/// <summary>
/// What a follow-up button sends back, the same on every channel:
/// <c>{"rolebot": "followup", "label": …, "text": …, "reading": {…}}</c>, as Adaptive Card data
/// (Action.Execute and Action.Submit), a Bot Framework messageBack value, or a Slack button value.
/// The channel adapter reads it back into the <see cref="Suggestion"/> that was offered.
/// </summary>
public static class FollowUpPayload
{
    public const string Key = "rolebot";
    public const string Verb = "followup";

    public static JsonObject Data(Suggestion s)
    {
        var data = new JsonObject { [Key] = Verb, ["label"] = s.Label, ["text"] = s.Message };
        if (s.Reading is { } r) data["reading"] = r.ToJson();
        return data;
    }

    /// <summary>The data as one string within <paramref name="max"/> characters; without the reading if it would not fit.</summary>
    public static string Value(Suggestion s, int max)
    {
        var json = Data(s).ToJsonString();
        if (json.Length <= max) return json;
        json = Data(s with { Reading = null }).ToJsonString();
        return json.Length <= max ? json : s.Message.Length <= max ? s.Message : s.Message[..max];
    }

    /// <summary>The suggestion a button's data stands for; null when the data is not a follow-up's.</summary>
    public static Suggestion? Read(JsonNode? data)
    {
        if (data is not JsonObject o) return null;
        try
        {
            if ((string?)o[Key] != Verb || (string?)o["text"] is not { Length: > 0 } text) return null;
            var label = (string?)o["label"] is { Length: > 0 } l ? l : text;
            return new Suggestion(label, text) { Reading = Reading.FromJson(o["reading"]) };
        }
        catch (InvalidOperationException)
        {
            return null; // a field of an unexpected JSON type: not ours
        }
    }

    /// <summary>A Slack button value: the JSON above, or (buttons from before, other apps' text) the message itself.</summary>
    public static Suggestion? ReadValue(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (value.TrimStart().StartsWith('{'))
        {
            try
            {
                if (Read(JsonNode.Parse(value)) is { } s) return s;
            }
            catch (System.Text.Json.JsonException) { }
        }
        return new Suggestion(value, value);
    }
}
