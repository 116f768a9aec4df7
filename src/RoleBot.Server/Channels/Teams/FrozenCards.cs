using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Cards that are shared between replies and never changed once made (<see cref="TeamsReplies.Card"/>)
/// are kept as their UTF-8 JSON too, and written as those bytes: a slash command's 4 KB card was
/// walked node by node and encoded again for every request. Any other content is written as usual.
/// </summary>
public sealed class FrozenCards : JsonConverter<JsonNode?>
{
    private static readonly ConditionalWeakTable<JsonNode, byte[]> Bytes = new();

    /// <summary>Marks <paramref name="card"/> as final: from now on it is written from its bytes.</summary>
    public static T Freeze<T>(T card) where T : JsonNode
    {
        Bytes.AddOrUpdate(card, JsonSerializer.SerializeToUtf8Bytes(card));
        return card;
    }

    public override JsonNode? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonNode.Parse(ref reader, new JsonNodeOptions { PropertyNameCaseInsensitive = options.PropertyNameCaseInsensitive });

    public override void Write(Utf8JsonWriter writer, JsonNode? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else if (Bytes.TryGetValue(value, out var bytes)) writer.WriteRawValue(bytes, skipInputValidation: true);
        else value.WriteTo(writer, options);
    }
}
