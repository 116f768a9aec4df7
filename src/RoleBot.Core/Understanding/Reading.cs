using System.Text.Json;
using System.Text.Json.Nodes;
using RoleBot.Knowledge;

namespace RoleBot.Understanding;

/// <summary>
/// What a follow-up button stands for: the reading of the question its label asks (intent, roles,
/// topic and the words the answer searches with). Buttons carry it, so a click is answered from the
/// reading itself: no spell-fixing, no cue matching, no model, and the answer is the one the label
/// promised. Small and plain so it fits a Slack button value (2,000 characters) and card data.
/// </summary>
/// <param name="Topic">The glossary term or ownership task, as <see cref="TopicKey"/> names it.</param>
public sealed record Reading(string Intent, IReadOnlyList<string> Roles, string Text, string? Topic)
{
    public string? Command { get; init; }
    public bool Tie { get; init; }
    public IReadOnlyList<string> Dislikes { get; init; } = [];

    /// <summary>Words beyond this are not needed to find the passages again.</summary>
    private const int MaxText = 300;

    /// <summary>
    /// The reading of an understood message, or null for one that is not an answer (a question back,
    /// a problem to explain): those are asked again as text.
    /// </summary>
    public static Reading? Of(Understood u) =>
        u.Choices.Count > 0 || u.Problem is not null ? null
            : new Reading(u.Intent.Id, u.Roles.ToList(), Cap(u.Text, MaxText), (u.Term ?? u.Task) is { } p ? TopicKey(p) : null)
            {
                Command = u.Command,
                Tie = u.Tie,
                Dislikes = u.Dislikes.Take(4).Select(d => Cap(d, 80)).ToList(),
            };

    /// <summary>A passage named so that another replica, or the same one after a restart, finds it again.</summary>
    public static string TopicKey(Passage p) => p.File + "#" + p.Heading;

    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["intent"] = Intent,
            ["roles"] = new JsonArray([.. Roles.Select(r => (JsonNode)r)]),
            ["text"] = Text,
        };
        if (Topic is not null) o["topic"] = Topic;
        if (Command is not null) o["command"] = Command;
        if (Tie) o["tie"] = true;
        if (Dislikes.Count > 0) o["dislikes"] = new JsonArray([.. Dislikes.Select(d => (JsonNode)d)]);
        return o;
    }

    /// <summary>
    /// A reading back from a button, which anyone can forge: null unless every field has the right
    /// type and a sane size. Whether its intent, roles and topic exist is checked when it is answered.
    /// </summary>
    public static Reading? FromJson(JsonNode? node)
    {
        if (node is not JsonObject o) return null;
        try
        {
            if (Str(o["intent"]) is not { Length: > 0 and <= 40 } intent || Str(o["text"]) is not { } text || text.Length > 4 * MaxText) return null;
            var roles = Strings(o["roles"], 8, 40);
            var dislikes = Strings(o["dislikes"], 8, 200);
            if (roles is null || dislikes is null) return null;
            var topic = Str(o["topic"]);
            if (topic is { Length: > 500 }) return null;
            return new Reading(intent, roles, text, topic)
            {
                Command = Str(o["command"]) is { Length: > 0 and <= 40 } c ? c : null,
                Tie = o["tie"] is JsonValue t && t.TryGetValue<bool>(out var tie) && tie,
                Dislikes = dislikes,
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static Reading? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json) || json[0] != '{') return null;
        try { return FromJson(JsonNode.Parse(json)); }
        catch (JsonException) { return null; }
    }

    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static List<string>? Strings(JsonNode? n, int max, int maxLength)
    {
        if (n is null) return [];
        if (n is not JsonArray a || a.Count > max) return null;
        var list = new List<string>();
        foreach (var item in a)
        {
            if (Str(item) is not { } s || s.Length > maxLength) return null;
            list.Add(s);
        }
        return list;
    }

    private static string Cap(string s, int max) => s.Length <= max ? s : s[..max];
}
