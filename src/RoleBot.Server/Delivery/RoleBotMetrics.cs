using System.Diagnostics.Metrics;

namespace RoleBot.Server.Delivery;

/// <summary>
/// The server's counters (queues, deliveries, de-duplication, rate limits, the questions log, feedback, build info) on the
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
    public Counter<long> QuestionLogWrites { get; }
    public UpDownCounter<long> QuestionLogWaiting { get; }
    public Counter<long> Feedback { get; }

    public RoleBotMetrics()
    {
        QueueRejected = _meter.CreateCounter<long>("queue_rejected", description: "Work refused with 503 because a destination's queue was full.");
        RepliesDropped = _meter.CreateCounter<long>("replies_dropped", description: "Replies given up on: deadline passed, peer refused for good, or shutdown.");
        OutboundCalls = _meter.CreateCounter<long>("outbound_calls", description: "HTTP calls to peers, by peer and status.");
        DuplicatesIgnored = _meter.CreateCounter<long>("duplicates_ignored", description: "Slack events and clicks seen before (retries, replays).");
        RateLimited = _meter.CreateCounter<long>("rate_limited", description: "Messages answered with 'slow down' instead of an answer.");
        QueueDepth = _meter.CreateUpDownCounter<long>("queue_depth", description: "Replies waiting, by destination.");
        QuestionLogWrites = _meter.CreateCounter<long>("question_log_writes", description: "Questions-log entries by outcome: queued, written, dropped.");
        QuestionLogWaiting = _meter.CreateUpDownCounter<long>("question_log_waiting", description: "Questions-log entries queued and not yet written.");
        Feedback = _meter.CreateCounter<long>("feedback", description: "Thumbs up/down given on answers, by reaction and the answer's intent.");
        var version = typeof(RoleBotMetrics).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        _meter.CreateObservableGauge("build_info", () => new Measurement<long>(1,
            new KeyValuePair<string, object?>("version", version), new KeyValuePair<string, object?>("runtime", Environment.Version.ToString())),
            description: "Always 1; the labels say which build is running.");
    }

    public void Dispose() => _meter.Dispose();
}
