using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Observability;

/// <summary>
/// What an operator's dashboard reads: /metrics in Prometheus format with the counters moving as
/// questions are answered, and traces reaching an OTLP receiver with a span per answer that
/// carries the intent and confidence but not the text.
/// </summary>
public sealed class ObservabilityTests
{
    private static Task<string> MetricsAsync(HttpClient client) => MetricsScrape.ReadAsync(client);

    private static double Sample(string metrics, string name, params string[] labels) => MetricsScrape.Sample(metrics, name, labels);

    [Fact]
    public async Task Metrics_count_questions_by_channel_intent_and_outcome_and_time_the_answers()
    {
        using var server = BotServer.Anonymous();
        var client = server.CreateClient();
        var before = await MetricsAsync(client);

        foreach (var text in new[] { "/role sre", "/role sre", "what's the weather like in Paris?" })
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/messages", Activities.Json(Activities.Message(text, expectReplies: true)))).StatusCode);
        var after = await MetricsAsync(client);

        Assert.True(after.Contains("# TYPE rolebot_questions"), string.Join("\n", after.Split('\n').Where(l => l.Contains("rolebot"))));
        string[] define = ["channel=\"teams\"", "intent=\"define\"", "outcome=\"answered\""];
        Assert.True(Sample(after, "rolebot_questions", define) - Sample(before, "rolebot_questions", define) >= 2, after);
        string[] unknown = ["intent=\"unknown\"", "outcome=\"unknown\""];
        Assert.True(Sample(after, "rolebot_questions", unknown) > Sample(before, "rolebot_questions", unknown));
        Assert.True(Sample(after, "rolebot_answer_duration", "_count", "intent=\"define\"") >= 2);
        Assert.Matches(new Regex("rolebot_build_info\\{[^}]*version=\"[^\"]+\""), after);
        // .NET's own meters are there, but not the ones recorded per buffer (they cost more than they tell).
        Assert.Contains("system_runtime_dotnet_gc_collections", after);
        Assert.DoesNotContain("memory_pool", after);
        Assert.DoesNotContain("msquic", after);
    }

    [Fact]
    public async Task A_full_queue_and_a_dropped_reply_show_up_in_the_metrics()
    {
        using var server = BotServer.Anonymous(new Dictionary<string, string?> { ["Delivery:DeadlineSeconds"] = "1", ["Delivery:QueueCapacity"] = "1", ["Delivery:WorkersPerDestination"] = "1" });
        var client = server.CreateClient();
        // Replies to a port nothing listens on: they are retried, then dropped at the deadline.
        var dead = "http://127.0.0.1:9/teams/";
        for (var i = 0; i < 5; i++) await client.PostAsync("/api/messages", Activities.Json(Activities.Message("/role sre", serviceUrl: dead, id: $"m{i}")));
        await server.Logs.WaitForAsync(TimeSpan.FromSeconds(30), "dropped (deadline)");

        var metrics = await MetricsAsync(client);
        Assert.True(Sample(metrics, "rolebot_replies_dropped", "reason=\"deadline\"") >= 1, metrics);
        Assert.True(Sample(metrics, "rolebot_queue_rejected", "destination=\"connector:127.0.0.1:9\"") >= 1, metrics);
        Assert.True(Sample(metrics, "rolebot_outbound_calls", "peer=\"connector:127.0.0.1\"", "status=\"ConnectionError\"") >= 1, metrics);
    }

    [Fact]
    public async Task A_trace_with_a_span_per_answer_reaches_an_OTLP_receiver()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var server = BotServer.Anonymous(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        var client = server.CreateClient();
        const string question = "how do I prepare for a platform engineer interview?";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/messages", Activities.Json(Activities.Message(question, expectReplies: true)))).StatusCode);

        // (Other tests' servers answer in this process too: look for this answer's span, an interview one.)
        var trace = await receiver.WaitForAsync("/v1/traces", body => body.Contains("rolebot.answer") && body.Contains("rolebot.intent") && body.Contains("interview"));
        Assert.Contains("rolebot.confidence", trace);
        Assert.All(receiver.Exports, e => Assert.DoesNotContain("prepare for a platform", e.Body)); // never the message text
        await receiver.WaitForAsync("/v1/metrics", body => body.Contains("answer_duration"));
    }

    /// <summary>An OTLP/HTTP receiver on 127.0.0.1 that keeps each export's body (protobuf: strings appear as they are).</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private WebApplication _app = null!;
        public ConcurrentQueue<(string Path, string Body)> Exports { get; } = new();
        public string BaseUrl { get; private set; } = "";

        public static async Task<OtlpReceiver> StartAsync()
        {
            var receiver = new OtlpReceiver { _app = LoopbackApp.Create() };
            receiver._app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                using var buffer = new MemoryStream();
                await http.Request.Body.CopyToAsync(buffer);
                receiver.Exports.Enqueue((http.Request.Path.Value!, Encoding.Latin1.GetString(buffer.ToArray())));
                return Results.Bytes([], "application/x-protobuf");
            });
            receiver.BaseUrl = await LoopbackApp.StartAsync(receiver._app);
            return receiver;
        }

        public async Task<string> WaitForAsync(string path, Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                if (Exports.FirstOrDefault(e => e.Path == path && match(e.Body)) is { Body: not null } found) return found.Body;
                await Task.Delay(50);
            }
            Assert.Fail($"no matching export to {path}; got {Exports.Count} exports: {string.Join(", ", Exports.Select(e => e.Path))}");
            return "";
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
