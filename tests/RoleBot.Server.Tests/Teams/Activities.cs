using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace RoleBot.Server.Tests.Teams;

/// <summary>Activities in the shapes Teams and the other Bot Framework channels send.</summary>
public static class Activities
{
    public const string BotId = "28:rolebot-app-id";
    public const string ConversationId = "19:abc123@thread.tacv2;messageid=1700000000000";

    public static JsonObject Message(string text, string serviceUrl = "https://smba.trafficmanager.net/teams/", string channelId = "msteams",
        bool expectReplies = false, string conversationType = "personal", string id = "1700000000001")
    {
        var a = new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["timestamp"] = "2026-11-23T10:00:00.000Z",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = channelId,
            ["from"] = new JsonObject { ["id"] = "29:user-1", ["name"] = "Ada Lovelace", ["aadObjectId"] = "00000000-0000-0000-0000-000000000001" },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "RoleBot" },
            ["conversation"] = new JsonObject { ["id"] = ConversationId, ["conversationType"] = conversationType, ["tenantId"] = "tenant-1", ["isGroup"] = conversationType != "personal" },
            ["text"] = text,
            ["textFormat"] = "plain",
            ["locale"] = "en-US",
            ["entities"] = new JsonArray
            {
                new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web", ["timezone"] = "Europe/London" },
            },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
        };
        if (expectReplies) a["deliveryMode"] = "expectReplies";
        return a;
    }

    public static JsonObject ConversationUpdate(string memberId, string memberName, bool isGroup, bool expectReplies = true)
    {
        var a = Message("", expectReplies: expectReplies, conversationType: isGroup ? "channel" : "personal");
        a["type"] = "conversationUpdate";
        a.Remove("text");
        a["membersAdded"] = new JsonArray { new JsonObject { ["id"] = memberId, ["name"] = memberName } };
        if (isGroup) a["channelData"]!["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2", ["name"] = "Platform" };
        return a;
    }

    public static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>The Adaptive Card in a reply activity.</summary>
    public static JsonObject Card(JsonNode? activity)
    {
        var attachment = activity!["attachments"]!.AsArray().Single()!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        return attachment["content"]!.AsObject();
    }

    /// <summary>All text shown on a card (TextBlocks anywhere), for content assertions.</summary>
    public static string CardText(JsonNode card) => string.Join("\n", Walk(card).Where(n => (string?)n["type"] == "TextBlock").Select(n => (string?)n["text"]));

    /// <summary>The follow-up buttons (Action.Execute) on a card.</summary>
    public static List<JsonObject> Buttons(JsonNode card) =>
        Walk(card).Where(n => (string?)n["type"] == "Action.Execute").ToList();

    public static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (key, child) in o)
                    if (key != "fallback") foreach (var x in Walk(child)) yield return x;
                break;
            case JsonArray a:
                foreach (var child in a) foreach (var x in Walk(child)) yield return x;
                break;
        }
    }
}
