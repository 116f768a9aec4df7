using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RoleBot.Server.Tests.Slack;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Fuzz;

/// <summary>One generated request, and what to print when it breaks the server.</summary>
public sealed record FuzzItem(int Number, string Kind, HttpRequestMessage Request, byte[] Body)
{
    /// <summary>True when the request itself lies (a Content-Length that isn't the body's): the client may refuse to send it.</summary>
    public bool ClientMayFail { get; init; }

    public string Describe() =>
        $"#{Number} {Kind} {Request.Method} {Request.RequestUri} ({Body.Length} bytes): " +
        Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300)).ReplaceLineEndings("⏎");
}

/// <summary>
/// Generates malformed Bot Framework activities and Slack requests from one seeded
/// <see cref="Random"/>: the same seed gives the same items in the same order, so a failure is
/// reproduced by its seed and number. Each item starts from a real payload shape (Activities,
/// SlackRequests) and is then broken: fields given the wrong type, removed or added, strings made
/// huge or hostile, nesting made deep, bytes truncated or made invalid UTF-8, sent chunked, and
/// for Slack signed, forged, stale or not signed at all.
/// </summary>
public sealed class ChannelFuzzer(int seed, IReadOnlyList<JsonObject> interactionPayloads)
{
    private readonly Random _random = new(seed);
    private int _number;

    private static readonly string[] FieldNames =
    [
        "type", "id", "timestamp", "serviceUrl", "channelId", "from", "recipient", "conversation", "text", "textFormat", "locale",
        "replyToId", "deliveryMode", "name", "action", "value", "channelData", "entities", "attachments", "attachmentLayout",
        "suggestedActions", "membersAdded", "membersRemoved", "aadObjectId", "role", "isGroup", "conversationType", "tenantId",
        "contentType", "content", "contentUrl", "actions", "title", "displayText", "mentioned", "verb", "data", "reading",
        "intent", "roles", "trigger", "tenant", "team", "event", "event_id", "channel", "channel_type", "user", "bot_id",
        "subtype", "thread_ts", "ts", "authorizations", "user_id", "challenge", "action_id", "response_url", "container",
        "is_ephemeral", "message", "view", "blocks",
    ];

    private static readonly string[] ActivityTypes =
        ["message", "invoke", "conversationUpdate", "installationUpdate", "typing", "messageReaction", "event", "endOfConversation", "", "MESSAGE", "💥"];

    private static readonly string[] InvokeNames =
        ["adaptiveCard/action", "composeExtension/query", "task/fetch", "signin/verifyState", "", "adaptiveCard/action/../x"];

    private static readonly string[] Commands =
        ["/role", "/compare", "/rolebot", "/fit", "/interview", "/roles", "/who", "/term", "/tools", "/skills", "/unknown", "role", "", "/", "//role", "/ROLE"];

    private static readonly string[] Words =
    [
        "what", "does", "an", "SRE", "do?", "devops", "platform", "cloud", "engineer", "/role", "/compare", "/fit", "and", "their",
        "tools?", "<at>RoleBot</at>", "<@U0BOT>", "**bold**", "[link](https://evil.example)", "<script>alert(1)</script>",
        "C++ AND (", "title:sre^3", "OR", "*", "'; DROP TABLE roles; --", "👩‍💻", "🚀", "🔥", "\u200d", "\u202e", "\u0000", "\u0007",
        "\u001b[2J", "\t", "\r\n", "ﷺ", "ǅ", "İ", "ß", "\uFEFF", "%s%n", "{{7*7}}", "${jndi:ldap://x}", "..\\..\\", "null",
    ];

    /// <summary>Raw text dropped into a body at a random place: escapes no serializer writes, structure characters.</summary>
    private static readonly string[] RawInserts =
        ["\\ud83d", "\\udc00", "\\ud83d\\ud83d", "\\u", "\\uZZZZ", "\\x41", "\\", "\"", "\\u0000", "}", "{", "[", "]", ",", ":", "\u0000", "NaN", "-", "1e99999"];

    private static readonly byte[][] InvalidUtf8 =
        [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0xBD], [0xF0, 0x9F], [0xF0, 0x9F, 0x98], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC3]];

    private static readonly string[] ContentTypes =
        ["application/json; charset=utf-8", "text/plain", "APPLICATION/JSON", "application/jsonp", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"];

    public FuzzItem Next() => (_random.Next(10) < 5 ? (Func<FuzzItem>)BotFramework : Slack)();

    // ---- Bot Framework ---------------------------------------------------------------------------

    private FuzzItem BotFramework()
    {
        var activity = Activities.Message(Text(), serviceUrl: Pick(["https://connector.fuzz.invalid/", "not a url", "", "ftp://x/"]),
            channelId: Pick(["msteams", "webchat", "directline", "emulator", "slack", ""]), expectReplies: _random.Next(3) > 0);
        activity["type"] = Pick(ActivityTypes);
        if ((string?)activity["type"] == "invoke") activity["name"] = Pick(InvokeNames);
        if (Chance(30)) activity["value"] = RandomValue(3);
        if (Chance(15)) activity["membersAdded"] = new JsonArray(Enumerable.Range(0, _random.Next(0, 50)).Select(i => (JsonNode?)new JsonObject { ["id"] = "29:" + i }).ToArray());

        var (kind, body) = Break(activity);
        var contentType = Chance(88) ? "application/json" : Chance(80) ? Pick(ContentTypes) : null;
        return Item("botframework/" + kind, "/api/messages", body, contentType);
    }

    // ---- Slack ---------------------------------------------------------------------------------

    private FuzzItem Slack()
    {
        switch (_random.Next(3))
        {
            case 0:
            {
                var callback = Pick<Func<JsonObject>>([
                    () => SlackRequests.EventCallback(SlackRequests.DirectMessage(Text()), EventId()),
                    () => SlackRequests.EventCallback(SlackRequests.AppMention("<@U0BOT> " + Text()), EventId()),
                    () => new JsonObject { ["type"] = "url_verification", ["challenge"] = Text() },
                    () => new JsonObject { ["type"] = Pick(["app_rate_limited", "event_callback", "", "block_actions"]) },
                ])();
                var (kind, body) = Break(callback);
                return SlackItem("slack-events/" + kind, "/slack/events", body, "application/json");
            }
            case 1:
            {
                var fields = new Dictionary<string, string>
                {
                    ["token"] = "deprecated", ["team_id"] = "T0TEAM", ["channel_id"] = "C0GENERAL", ["user_id"] = "U0ADA",
                    ["command"] = Pick(Commands), ["text"] = Text(), ["response_url"] = Pick(["https://hooks.slack.com/commands/T0/1/x", "http://127.0.0.1:1/", "javascript:alert(1)", ""]),
                    ["trigger_id"] = "1.2.3",
                };
                foreach (var name in fields.Keys.ToList()) if (Chance(5)) fields.Remove(name);
                var (kind, body) = BreakForm(SlackRequests.Form(fields));
                return SlackItem("slack-commands/" + kind, "/slack/commands", body, "application/x-www-form-urlencoded");
            }
            default:
            {
                var payload = Pick(interactionPayloads).DeepClone().AsObject();
                if (Chance(50) && payload["actions"]?[0] is JsonObject action) action["value"] = Chance(50) ? Text() : RandomValue(2);
                var (kind, json) = Break(payload);
                var form = Chance(90)
                    ? "payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(json))
                    : Pick(["", "payload=", "payload=%7B", "nopayload=1", "payload=" + Encoding.UTF8.GetString(json)]);
                var (formKind, body) = Chance(20) ? BreakForm(form) : ("as-is", Encoding.UTF8.GetBytes(form));
                return SlackItem($"slack-interactivity/{kind}+{formKind}", "/slack/interactivity", body, "application/x-www-form-urlencoded");
            }
        }
    }

    /// <summary>Signed as Slack signs, or (one in four) with a signature that must be refused.</summary>
    private FuzzItem SlackItem(string kind, string path, byte[] body, string contentType)
    {
        var now = DateTimeOffset.UtcNow;
        var signature = Chance(75) ? "valid" : Pick(["wrong-secret", "stale", "future", "bad-timestamp", "missing", "random", "other-body", "v1"]);
        var request = signature switch
        {
            "wrong-secret" => SlackRequests.Signed(path, body, contentType, secret: "not-the-secret"),
            "stale" => SlackRequests.Signed(path, body, contentType, at: now.AddMinutes(-_random.Next(6, 100_000))),
            "future" => SlackRequests.Signed(path, body, contentType, at: now.AddMinutes(_random.Next(6, 100_000))),
            "other-body" => SlackRequests.Signed(path, [.. body, (byte)' '], contentType),
            _ => SlackRequests.Signed(path, body, contentType),
        };
        var lies = SetContent(request, body, Chance(95) ? contentType : Pick(ContentTypes));
        switch (signature)
        {
            case "bad-timestamp":
                request.Headers.Remove("X-Slack-Request-Timestamp");
                request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", Pick(["", "abc", "-1", "99999999999999999999", "1e9", " 1700000000", "0x10"]));
                break;
            case "missing":
                request.Headers.Remove(Chance(50) ? "X-Slack-Signature" : "X-Slack-Request-Timestamp");
                break;
            case "random":
                request.Headers.Remove("X-Slack-Signature");
                request.Headers.TryAddWithoutValidation("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(Bytes(_random.Next(0, 40))));
                break;
            case "v1":
                var valid = request.Headers.GetValues("X-Slack-Signature").Single();
                request.Headers.Remove("X-Slack-Signature");
                request.Headers.TryAddWithoutValidation("X-Slack-Signature", "v1" + valid[2..]);
                break;
        }
        return new FuzzItem(_number++, $"{kind} signature={signature}", request, body) { ClientMayFail = lies };
    }

    private FuzzItem Item(string kind, string path, byte[] body, string? contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        var lies = SetContent(request, body, contentType);
        return new FuzzItem(_number++, kind, request, body) { ClientMayFail = lies };
    }

    /// <summary>
    /// The body as one buffer (most), in small chunks of unknown length (chunked), or with a
    /// Content-Length that lies; true for the last.
    /// </summary>
    private bool SetContent(HttpRequestMessage request, byte[] body, string? contentType)
    {
        HttpContent content = _random.Next(10) switch
        {
            < 7 => new ByteArrayContent(body),
            < 9 => new StreamContent(new TrickleStream(body, _random.Next(1, 64))),
            _ => new ByteArrayContent(body) { Headers = { ContentLength = Math.Max(0, body.Length + _random.Next(-20, 20)) } },
        };
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Content = content;
        return content is ByteArrayContent && content.Headers.ContentLength != body.Length;
    }

    // ---- breaking things -----------------------------------------------------------------------

    /// <summary>Mutates the tree, serializes it, then maybe breaks the bytes.</summary>
    private (string Kind, byte[] Body) Break(JsonObject root)
    {
        var mutations = _random.Next(0, 5);
        for (var i = 0; i < mutations; i++) Mutate(root);
        var json = Chance(5) ? (RandomValue(4)?.ToJsonString() ?? "null") : root.ToJsonString();

        if (Chance(6))
        {
            // Deep nesting in one field: just under, just over and far over the parser's limit.
            var depth = Pick([10, 60, 63, 64, 65, 1000, 50_000]);
            var deep = Chance(50) ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
            json = json.Length > 1 && json[0] == '{' ? "{\"value\":" + deep + "," + json[1..] : deep;
            return ($"deep{depth}", Encoding.UTF8.GetBytes(json));
        }
        return BreakBytes(Encoding.UTF8.GetBytes(json), mutations);
    }

    private (string Kind, byte[] Body) BreakForm(string form)
    {
        var bytes = Encoding.UTF8.GetBytes(form);
        return _random.Next(8) switch
        {
            0 => ("form-percent", Encoding.UTF8.GetBytes(Insert(form, Pick(["%", "%z", "%zz", "%F0%9F", "%ED%A0%BD", "%00", "%25", "%FF%FE", "+++", "%u0041"])))),
            1 => ("form-structure", Encoding.UTF8.GetBytes(Insert(form, Pick(["&", "&&&", "=", "==", "&command=/role", "&text=", "&=&=", "\r\n", "{"])))),
            2 => ("form-json-instead", Encoding.UTF8.GetBytes("{\"command\":\"/role\",\"text\":\"sre\"}")),
            3 => ("form-huge-field", Encoding.UTF8.GetBytes(form + "&text=" + new string('a', _random.Next(1000, 70_000)))),
            _ => BreakBytes(bytes, 0),
        };
    }

    private (string Kind, byte[] Body) BreakBytes(byte[] body, int mutations)
    {
        switch (_random.Next(20))
        {
            case 0: return ("truncated", body[..(body.Length == 0 ? 0 : _random.Next(body.Length))]);
            case 1:
            case 2:
                var at = _random.Next(body.Length + 1);
                return ("invalid-utf8", [.. body[..at], .. Pick(InvalidUtf8), .. body[at..]]);
            case 3:
            case 4: return ("raw-insert", Encoding.UTF8.GetBytes(Insert(Encoding.UTF8.GetString(body), Pick(RawInserts))));
            case 5:
                var flipped = (byte[])body.Clone();
                for (var i = 0; i < 1 + _random.Next(5) && flipped.Length > 0; i++) flipped[_random.Next(flipped.Length)] ^= (byte)(1 << _random.Next(8));
                return ("bit-flips", flipped);
            case 6: return ("random-bytes", Bytes(_random.Next(0, 2000)));
            case 7: return ("empty", []);
            default: return ($"mutated{mutations}", body);
        }
    }

    /// <summary>Replaces, removes or adds one field somewhere in the tree (any depth), with a value of a random type.</summary>
    private void Mutate(JsonObject root)
    {
        var containers = Containers(root).ToList();
        switch (Pick(containers))
        {
            case JsonObject o:
                var keys = o.Select(kv => kv.Key).ToList();
                if (keys.Count > 0 && Chance(20)) { o.Remove(Pick(keys)); return; }
                var key = keys.Count > 0 && Chance(70) ? Pick(keys) : Pick(FieldNames);
                o[key] = RandomValue(3);
                return;
            case JsonArray a:
                if (a.Count > 0 && Chance(70)) a[_random.Next(a.Count)] = RandomValue(3);
                else a.Add(RandomValue(3));
                return;
        }
    }

    private static IEnumerable<JsonNode> Containers(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(kv => kv.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
            if (child is JsonObject or JsonArray)
                foreach (var c in Containers(child)) yield return c;
    }

    /// <summary>A JSON value of any type, the wrong one for most fields.</summary>
    private JsonNode? RandomValue(int depth) => _random.Next(depth > 0 ? 12 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(Chance(50)),
        2 => JsonValue.Create(Pick<long>([0, -1, 1, int.MaxValue, long.MinValue, long.MaxValue, 1_700_000_000_001])),
        3 => JsonValue.Create(Pick([0.5, -0.0, 1e308, double.Epsilon, 3.14159])),
        4 => JsonNode.Parse(Pick(["1e400", "-1e400", "123456789012345678901234567890", "0.0000000000000000000000000001", "-0"])),
        5 => JsonValue.Create(Text()),
        6 => JsonValue.Create(Chance(5) ? new string(Pick(['x', ' ', '/', '<', '\u00e9']), _random.Next(10_000, 300_000)) : Text()),
        7 => JsonValue.Create(Pick(["", " ", "message", "expectReplies", "https://smba.trafficmanager.net/teams/", "29:user-1", "2026-13-45T99:99:99Z", "null", "true", "0"])),
        8 or 9 => new JsonArray(Enumerable.Range(0, _random.Next(0, 6)).Select(_ => RandomValue(depth - 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, _random.Next(0, 6)).Select(_ => KeyValuePair.Create(Pick(FieldNames) + (Chance(20) ? "x" : ""), RandomValue(depth - 1)))
            .DistinctBy(kv => kv.Key)),
    };

    private string Text()
    {
        var words = Enumerable.Range(0, _random.Next(0, 12)).Select(_ => Pick(Words));
        return string.Join(Pick([" ", "", "  ", "\n"]), words);
    }

    private string EventId() => "Ev" + _random.Next(0, 1_000_000).ToString(CultureInfo.InvariantCulture);

    private string Insert(string text, string what)
    {
        var at = _random.Next(text.Length + 1);
        return text[..at] + what + text[at..];
    }

    private byte[] Bytes(int n)
    {
        var bytes = new byte[n];
        _random.NextBytes(bytes);
        return bytes;
    }

    private bool Chance(int percent) => _random.Next(100) < percent;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A body that arrives a few bytes at a time and has no length: sent chunked.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
