using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RoleBot.Server.Tests.Teams;

/// <summary>One request the fake connector received.</summary>
public sealed record ConnectorCall(string Method, string RawPath, string? Authorization, JsonObject? Body);

/// <summary>
/// A stand-in for the Bot Connector and the Entra token endpoint, on real HTTP at 127.0.0.1: it
/// records every call and can be told to fail the next few with a given status.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private WebApplication? _app;
    private int _tokens;
    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();
    public ConcurrentQueue<(int Status, string? RetryAfter)> NextConnectorFailures { get; } = new();

    /// <summary>How long every connector call takes (a slow or hanging peer).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Delays for the next few calls only (one that hangs, then normal service).</summary>
    public ConcurrentQueue<TimeSpan> NextDelays { get; } = new();
    public ConcurrentQueue<string> TokenRequests { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public string ServiceUrl => BaseUrl + "/teams/";
    public string TokenEndpoint => BaseUrl + "/{tenant}/oauth2/v2.0/token";

    public static async Task<FakeConnector> StartAsync()
    {
        var fake = new FakeConnector();
        var app = LoopbackApp.Create();
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext http, string tenant) =>
        {
            var form = await http.Request.ReadFormAsync();
            fake.TokenRequests.Enqueue($"{tenant}|{form["client_id"]}|{form["scope"]}|{form["grant_type"]}");
            var n = Interlocked.Increment(ref fake._tokens);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = $"token-{n}" });
        });
        app.Map("/teams/{**rest}", async (HttpContext http) =>
        {
            JsonObject? body = null;
            try { body = (await JsonNode.ParseAsync(http.Request.Body)) as JsonObject; } catch (System.Text.Json.JsonException) { }
            var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
            fake.Calls.Enqueue(new ConnectorCall(http.Request.Method, raw, http.Request.Headers.Authorization.ToString(), body));
            var delay = fake.NextDelays.TryDequeue(out var next) ? next : fake.Delay;
            if (delay > TimeSpan.Zero)
            {
                try { await Task.Delay(delay, http.RequestAborted); }
                catch (OperationCanceledException) { return Results.Empty; }
            }
            if (fake.NextConnectorFailures.TryDequeue(out var failure))
            {
                if (failure.RetryAfter is not null) http.Response.Headers.RetryAfter = failure.RetryAfter;
                return Results.StatusCode(failure.Status);
            }
            return Results.Json(new { id = "reply-" + fake.Calls.Count });
        });
        fake._app = app;
        fake.BaseUrl = await LoopbackApp.StartAsync(app);
        return fake;
    }

    /// <summary>Waits until at least <paramref name="count"/> connector calls arrived (or fails the test).</summary>
    /// <remarks>
    /// Generous by default: on a new machine the first server in the run embeds the corpus and
    /// trains the classifier before it can answer (tens of seconds on 2 busy cores).
    /// </remarks>
    public async Task<List<ConnectorCall>> WaitForCallsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (Calls.Count < count && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.True(Calls.Count >= count, $"expected {count} connector call(s), got {Calls.Count}");
        return Calls.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
