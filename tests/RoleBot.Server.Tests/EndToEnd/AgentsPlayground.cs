using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// The Microsoft 365 Agents Playground 0.2.28 (tests/playground) as a child process, acting as Teams
/// for the bot: a mock Bot Connector at http://localhost:PORT/_connector plus the web client's own
/// routes, which these tests use instead of its page. Read from the package's dist/index.js bundle:
/// <list type="bullet">
/// <item><c>POST /_conversation/v1/conversations/{conversationId}/messages</c> {from:{id}, text, textFormat}:
/// the user types a message; it is sent to the bot as a Teams activity (200 {messageId}).</item>
/// <item><c>POST /_conversation/v1/invoke</c> {name:"adaptiveCard/action", from, conversation:{id}, replyToId, value}:
/// the user clicks an Action.Execute button on the card message replyToId; answers the bot's invoke response.</item>
/// <item><c>GET /_internal/v1/config</c>: the mock tenant (current user, the personal chat id).</item>
/// <item>WebSocket <c>/_ws_conversation/v1/conversations/stream</c>: {action:"createMessage", actionConversationId,
/// message:{messageId, from, attachments[]…}} for every message the bot posted to the connector.</item>
/// <item>WebSocket <c>/_ws/log/stream</c>: {logAction:"appendLog", log:{…}}: the Playground's log panel, including
/// each activity sent to the bot and each connector call from it, with the HTTP status codes.</item>
/// </list>
/// Both WebSockets buffer what happened before a client connected, and hand it to the first one.
/// </summary>
internal sealed class AgentsPlayground : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ChildProcess _process;
    private readonly HttpClient _http;
    private readonly string _workDir;

    public Uri BaseAddress { get; }
    public string ConversationId { get; }
    public string UserId { get; private set; } = "";
    public string BotId { get; private set; } = "";

    /// <summary>Messages that reached the Playground's chat (conversation stream).</summary>
    public WebSocketFeed Conversation { get; }

    /// <summary>The Playground's log panel (log stream).</summary>
    public WebSocketFeed Log { get; }

    private AgentsPlayground(ChildProcess process, string workDir, Uri baseAddress, string conversationId, WebSocketFeed conversation, WebSocketFeed log)
    {
        _process = process;
        _workDir = workDir;
        BaseAddress = baseAddress;
        ConversationId = conversationId;
        Conversation = conversation;
        Log = log;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public static async Task<AgentsPlayground> StartAsync(Uri botEndpoint, string name)
    {
        var cli = EndToEndEnvironment.RequirePlayground();
        var conversationId = $"rolebot-e2e-{name}-{Guid.NewGuid():N}"[..40];
        var workDir = Directory.CreateTempSubdirectory("rolebot-playground-").FullName; // no .m365agentsplayground.yml: built-in config
        var logFile = Path.Combine(EndToEndEnvironment.ArtifactsDir, $"playground-{name}.log");
        var port = EndToEndEnvironment.FreePort();

        ChildProcess process;
        try
        {
            process = ChildProcess.Start($"Agents Playground ({name})", "node",
                [cli, "start", "-e", botEndpoint.AbsoluteUri, "-c", "msteams", "-p", port.ToString(), "--disable-telemetry", "--conversation-id", conversationId],
                workDir, PlaygroundEnvironment(logFile), Path.Combine(EndToEndEnvironment.ArtifactsDir, $"playground-{name}.stdout.log"));
        }
        catch (InvalidOperationException e)
        {
            DeleteQuietly(workDir);
            Assert.Fail($"Could not run the Agents Playground with node: {e.Message}. {EndToEndEnvironment.SetupHint}");
            throw; // unreachable
        }

        // It picks another port if ours was taken meanwhile, and says which on stdout.
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Line += line =>
        {
            if (Regex.Match(line, @"Listening on (\d+)") is { Success: true } m) listening.TrySetResult(int.Parse(m.Groups[1].Value));
        };
        WebSocketFeed? conversation = null, log = null;
        try
        {
            var started = await Task.WhenAny(listening.Task, Task.Delay(StartTimeout), WaitForExitAsync(process));
            if (started != listening.Task)
                throw new InvalidOperationException($"The Agents Playground did not start listening.\n{process.Describe()}\nIts own log: {logFile}");
            var baseAddress = new Uri($"http://127.0.0.1:{await listening.Task}/");
            var ws = new UriBuilder(baseAddress) { Scheme = "ws" }.Uri;
            conversation = await WebSocketFeed.ConnectAsync(new Uri(ws, "_ws_conversation/v1/conversations/stream"));
            log = await WebSocketFeed.ConnectAsync(new Uri(ws, "_ws/log/stream"));
            var playground = new AgentsPlayground(process, workDir, baseAddress, conversationId, conversation, log);
            await playground.WaitUntilConnectedAsync(logFile);
            return playground;
        }
        catch
        {
            if (conversation is not null) await conversation.DisposeAsync();
            if (log is not null) await log.DisposeAsync();
            await process.StopAsync();
            DeleteQuietly(workDir);
            throw;
        }
    }

    public string Describe() => _process.Describe();

    /// <summary>The user types <paramref name="text"/> in the personal chat with the bot.</summary>
    public async Task<string> SendUserMessageAsync(string text)
    {
        using var response = await _http.PostAsJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(ConversationId)}/messages",
            new { from = new { id = UserId }, text, textFormat = "plain" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The Playground refused the message \"{text}\": {(int)response.StatusCode} {body}");
        return (string?)JsonNode.Parse(body)?["messageId"] ?? throw new InvalidOperationException("No messageId in " + body);
    }

    /// <summary>The user clicks an Action.Execute button on the card of Playground message <paramref name="cardMessageId"/>.</summary>
    public async Task<(int Status, JsonNode? Body)> ClickActionExecuteAsync(string cardMessageId, JsonNode action)
    {
        var payload = new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["from"] = new JsonObject { ["id"] = UserId },
            ["conversation"] = new JsonObject { ["id"] = ConversationId },
            ["replyToId"] = cardMessageId,
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["id"] = action["id"]?.DeepClone(),
                    ["title"] = action["title"]?.DeepClone(),
                    ["verb"] = action["verb"]?.DeepClone(),
                    ["data"] = action["data"]?.DeepClone(),
                },
                ["trigger"] = "manual",
            },
        };
        using var response = await _http.PostAsync("_conversation/v1/invoke", new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
    }

    /// <summary>
    /// The user presses 👍/👎 under the latest answer and sends the dialog: what the Playground's web
    /// client posts (message/submitAction; this version names no message, only the conversation).
    /// </summary>
    public async Task<(int Status, JsonNode? Body)> SendFeedbackAsync(string reaction, string text)
    {
        var payload = new JsonObject
        {
            ["name"] = "message/submitAction",
            ["from"] = new JsonObject { ["id"] = UserId },
            ["conversation"] = new JsonObject { ["id"] = ConversationId },
            ["value"] = new JsonObject
            {
                ["actionName"] = "feedback",
                ["actionValue"] = new JsonObject { ["reaction"] = reaction, ["feedback"] = text },
            },
        };
        using var response = await _http.PostAsync("_conversation/v1/invoke", new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
    }

    public async ValueTask DisposeAsync()
    {
        await Conversation.DisposeAsync();
        await Log.DisposeAsync();
        _http.Dispose();
        await _process.StopAsync();
        DeleteQuietly(_workDir);
    }

    private static void DeleteQuietly(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Ready when the Playground has reached the bot endpoint. Its web client does that on load: GET
    /// /_internal/v1/config waits (wait-on, up to 15 s) for the bot endpoint to answer, writes
    /// "Connected." or "Cannot connect to your app…" to the log panel, then returns the mock tenant.
    /// </summary>
    private async Task WaitUntilConnectedAsync(string logFile)
    {
        JsonNode config;
        try
        {
            config = await _http.GetFromJsonAsync<JsonNode>("_internal/v1/config") ?? throw new InvalidOperationException("empty config");
            var (connected, _) = await Log.WaitForAsync(
                n => JsonPath.Str(n, "log", "displayText") == "Connected." || JsonPath.Str(n, "log", "level") is "warning" or "error",
                0, StartTimeout, "the Playground to connect to the bot endpoint");
            Assert.True(JsonPath.Str(connected, "log", "displayText") == "Connected.",
                "The Playground could not reach the bot: " + JsonPath.Str(connected, "log", "displayText"));
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or TaskCanceledException)
        {
            throw new TimeoutException($"{e.Message}\n{_process.Describe()}\nIts own log: {logFile}", e);
        }
        UserId = JsonPath.Str(config, "config", "currentUser", "id") ?? throw new InvalidOperationException("no currentUser in " + config.ToJsonString());
        BotId = JsonPath.Str(config, "config", "bot", "id") ?? throw new InvalidOperationException("no bot in " + config.ToJsonString());
        Assert.Equal(ConversationId, JsonPath.Str(config, "config", "personalChat", "id"));
        Assert.Equal("msteams", JsonPath.Str(config, "internalConfig", "channelId"));
    }

    private static async Task WaitForExitAsync(ChildProcess process)
    {
        while (!process.HasExited) await Task.Delay(200);
    }

    /// <summary>Anonymous, offline, headless: no inherited Playground settings, no browser, its log in the artifacts folder.</summary>
    private static IReadOnlyDictionary<string, string?> PlaygroundEnvironment(string logFile) => new Dictionary<string, string?>
    {
        ["TEAMSAPPTESTER_BROWSER"] = "none",
        ["M365_AGENTS_PLAYGROUND_LOGFILE"] = logFile,
        ["TEAMSAPPTESTER_LOGFILE"] = null,
        ["BOT_ENDPOINT"] = null,
        ["DEFAULT_CHANNEL_ID"] = null,
        ["TEAMSAPPTESTER_PORT"] = null,
        ["AUTH_CLIENT_ID"] = null,
        ["AUTH_CLIENT_SECRET"] = null,
        ["AUTH_TENANT_ID"] = null,
        ["M365_AGENTS_PLAYGROUND_SERVICE_URL"] = null,
        ["M365_AGENTS_PLAYGROUND_DELIVERY_MODE"] = null,
        ["M365_AGENTS_PLAYGROUND_CONVERSATION_ID"] = null,
        ["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = null,
        ["M365_AGENTS_PLAYGROUND_TARGET_SDK"] = null,
        ["M365_AGENTS_PLAYGROUND_ENABLE_EVENTS_RECORDING"] = null,
        ["TEAMS_APP_TEST_TOOL_CONFIG_PATH"] = null,
        ["SEND_INSTALLATION_ACTIVITY"] = null,
        ["NODE_OPTIONS"] = null,
    };
}

/// <summary>
/// A WebSocket whose JSON messages are all kept, so a test can wait for one that matches (including
/// ones that arrived before it started waiting).
/// </summary>
internal sealed class WebSocketFeed : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<JsonNode> _items = [];
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private string? _closed;

    public Uri Uri { get; }

    private WebSocketFeed(Uri uri, ClientWebSocket socket)
    {
        Uri = uri;
        _socket = socket;
    }

    public static async Task<WebSocketFeed> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(uri, timeout.Token);
        var feed = new WebSocketFeed(uri, socket);
        feed._receiving = Task.Run(feed.ReceiveAsync);
        return feed;
    }

    public int Count { get { lock (_lock) return _items.Count; } }

    public IReadOnlyList<JsonNode> Snapshot() { lock (_lock) return _items.ToList(); }

    /// <summary>The first message at index ≥ <paramref name="from"/> that matches, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<(JsonNode Item, int Index)> WaitForAsync(Func<JsonNode, bool> match, int from, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (var i = from; i < _items.Count; i++)
                    if (match(_items[i])) return (_items[i], i);
                from = _items.Count;
                if (_closed is not null) throw new InvalidOperationException($"{Uri} closed ({_closed}) while waiting for {what}.");
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what} on {Uri}; received:\n{Summary()}");
        }
    }

    public string Summary(int max = 20)
    {
        var items = Snapshot();
        return items.Count == 0 ? "(nothing)" : string.Join('\n', items.TakeLast(max).Select(i => Shorten(i.ToJsonString(), 400)));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        try { await _receiving.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException) { }
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) { Close("closed by the Playground"); return; }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                JsonNode? node;
                try { node = JsonNode.Parse(text); }
                catch (System.Text.Json.JsonException) { node = new JsonObject { ["unparsed"] = text }; }
                if (node is null) continue;
                lock (_lock)
                {
                    _items.Add(node);
                    _changed.TrySetResult();
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
        catch (OperationCanceledException) { Close("stopped"); }
        catch (WebSocketException e) { Close(e.Message); }
    }

    private void Close(string reason)
    {
        lock (_lock)
        {
            _closed = reason;
            _changed.TrySetResult();
        }
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}

/// <summary>Reads JSON by a path of object keys; null where the path doesn't lead (never throws on a node of another JSON type).</summary>
internal static class JsonPath
{
    public static JsonNode? Get(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
            node = node is JsonObject o ? o[key] : null;
        return node;
    }

    public static string? Str(JsonNode? node, params string[] path) =>
        Get(node, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static int? Int(JsonNode? node, params string[] path) =>
        Get(node, path) is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
