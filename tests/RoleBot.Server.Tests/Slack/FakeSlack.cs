using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RoleBot.Server.Tests.Slack;

public sealed record SlackCall(string Method, string? Authorization, JsonObject Body);

/// <summary>
/// A local stand-in for Slack on 127.0.0.1: the Web API (records every call, can answer 429 first),
/// response_url endpoints, and a Socket Mode WebSocket the test can push envelopes into.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    private WebApplication? _app;
    public ConcurrentQueue<SlackCall> Calls { get; } = new();
    public ConcurrentQueue<SlackCall> Responses { get; } = new();
    public ConcurrentDictionary<string, int> RateLimitFirst { get; } = new();
    public ConcurrentQueue<string> SocketReceived { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public string ApiUrl => BaseUrl + "/api/";
    public string ResponseUrl(string id) => BaseUrl + "/response/" + id;
    private WebSocket? _socket;
    private readonly SemaphoreSlim _socketReady = new(0);
    public int ConnectionsOpened;

    public static async Task<FakeSlack> StartAsync()
    {
        var fake = new FakeSlack();
        var app = LoopbackApp.Create();
        app.UseWebSockets();
        app.MapPost("/api/{method}", async (HttpContext http, string method) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body)) as JsonObject ?? [];
            if (fake.RateLimitFirst.TryGetValue(method, out var left) && left > 0)
            {
                fake.RateLimitFirst[method] = left - 1;
                fake.Calls.Enqueue(new SlackCall(method + " (429)", http.Request.Headers.Authorization.ToString(), body));
                http.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(429);
            }
            fake.Calls.Enqueue(new SlackCall(method, http.Request.Headers.Authorization.ToString(), body));
            if (method == "apps.connections.open")
            {
                Interlocked.Increment(ref fake.ConnectionsOpened);
                return Results.Json(new { ok = true, url = fake.BaseUrl.Replace("http://", "ws://") + "/socket" });
            }
            if (method == "chat.postMessage" && (string?)body["channel"] == "C_GONE")
                return Results.Json(new { ok = false, error = "channel_not_found" });
            return Results.Json(new { ok = true, ts = "1700000000.000200", channel = (string?)body["channel"] });
        });
        app.MapPost("/response/{id}", async (HttpContext http, string id) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body)) as JsonObject ?? [];
            fake.Responses.Enqueue(new SlackCall(id, http.Request.Headers.Authorization.ToString(), body));
            return Results.Text("ok");
        });
        app.Map("/socket", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest) return Results.BadRequest();
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            fake._socket = socket;
            await fake.SendAsync(new JsonObject { ["type"] = "hello", ["num_connections"] = 1 });
            fake._socketReady.Release();
            var buffer = new byte[64 * 1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var r = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (r.MessageType == WebSocketMessageType.Close) break;
                    fake.SocketReceived.Enqueue(Encoding.UTF8.GetString(buffer, 0, r.Count));
                }
            }
            catch (WebSocketException) { }
            return Results.Empty;
        });
        fake._app = app;
        fake.BaseUrl = await LoopbackApp.StartAsync(app);
        return fake;
    }

    public async Task WaitForSocketAsync()
    {
        Assert.True(await _socketReady.WaitAsync(TimeSpan.FromSeconds(15)), "RoleBot never connected over Socket Mode");
    }

    public Task SendAsync(JsonObject message) => SendRawAsync(message.ToJsonString());

    /// <summary>Sends text as it is, even JSON no serializer would write.</summary>
    public Task SendRawAsync(string message) =>
        _socket!.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<List<SlackCall>> WaitForAsync(string method, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        List<SlackCall> Matching() => Calls.Where(c => c.Method == method).ToList();
        while (Matching().Count < count && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.True(Matching().Count >= count, $"expected {count} {method} call(s), got {Matching().Count}: {string.Join(", ", Calls.Select(c => c.Method))}");
        return Matching();
    }

    public async Task<List<SlackCall>> WaitForResponsesAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (Responses.Count < count && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.True(Responses.Count >= count, $"expected {count} response_url post(s), got {Responses.Count}");
        return Responses.ToList();
    }

    public async Task<string> WaitForSocketMessageAsync(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (SocketReceived.FirstOrDefault(match) is { } found) return found;
            await Task.Delay(25);
        }
        Assert.Fail("no matching Socket Mode message: " + string.Join(" | ", SocketReceived));
        return "";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
