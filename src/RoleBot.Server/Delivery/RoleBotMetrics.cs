using System.Diagnostics.Metrics;

namespace RoleBot.Server.Delivery;

/// <summary>
/// The server's counters (queues, deliveries, de-duplication, rate limits, build info) on the
/// "RoleBot" meter, beside the answers' own (<see cref="AnswerTelemetry"/>): the Prometheus endpoint
/// and the OTLP exporter show the same instruments.
/// </summary>
public sealed class RoleBotMetrics : IDisposable
{
    public const string MeterName = AnswerTelemetry.Name;

    private readonly Meter _meter = new(MeterName);

    public Counter<long> QueueRejected { get; }
    public Counter<long> RepliesDropped { get; }
    public Counter<long> OutboundCalls { get; }
    public Counter<long> DuplicatesIgnored { get; }
    public Counter<long> RateLimited { get; }
    public UpDownCounter<long> QueueDepth { get; }

    public RoleBotMetrics()
    {
        QueueRejected = _meter.CreateCounter<long>("queue_rejected", description: "Work refused with 503 because a destination's queue was full.");
        RepliesDropped = _meter.CreateCounter<long>("replies_dropped", description: "Replies given up on: deadline passed, peer refused for good, or shutdown.");
        OutboundCalls = _meter.CreateCounter<long>("outbound_calls", description: "HTTP calls to peers, by peer and status.");
        DuplicatesIgnored = _meter.CreateCounter<long>("duplicates_ignored", description: "Slack events and clicks seen before (retries, replays).");
        RateLimited = _meter.CreateCounter<long>("rate_limited", description: "Messages answered with 'slow down' instead of an answer.");
        QueueDepth = _meter.CreateUpDownCounter<long>("queue_depth", description: "Replies waiting, by destination.");
        var version = typeof(RoleBotMetrics).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        _meter.CreateObservableGauge("build_info", () => new Measurement<long>(1,
            new KeyValuePair<string, object?>("version", version), new KeyValuePair<string, object?>("runtime", Environment.Version.ToString())),
            description: "Always 1; the labels say which build is running.");
    }

    public void Dispose() => _meter.Dispose();
}
