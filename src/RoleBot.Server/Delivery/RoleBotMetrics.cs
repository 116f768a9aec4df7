using System.Diagnostics.Metrics;

namespace RoleBot.Server.Delivery;

/// <summary>
/// Every counter and histogram RoleBot publishes, on one <see cref="Meter"/> ("RoleBot"), so the
/// Prometheus endpoint and the OTLP exporter show the same instruments.
/// </summary>
public sealed class RoleBotMetrics : IDisposable
{
    public const string MeterName = "RoleBot";

    private readonly Meter _meter = new(MeterName);

    public Counter<long> Questions { get; }
    public Histogram<double> AnswerSeconds { get; }
    public Counter<long> QueueRejected { get; }
    public Counter<long> RepliesDropped { get; }
    public Counter<long> OutboundCalls { get; }
    public Counter<long> DuplicatesIgnored { get; }
    public Counter<long> RateLimited { get; }
    public UpDownCounter<long> QueueDepth { get; }

    public RoleBotMetrics()
    {
        Questions = _meter.CreateCounter<long>("rolebot_questions", description: "Questions answered, by channel, intent and outcome (answered, did-you-mean, unknown).");
        AnswerSeconds = _meter.CreateHistogram<double>("rolebot_answer_duration", unit: "s", description: "Time to compose one answer.");
        QueueRejected = _meter.CreateCounter<long>("rolebot_queue_rejected", description: "Work refused with 503 because a destination's queue was full.");
        RepliesDropped = _meter.CreateCounter<long>("rolebot_replies_dropped", description: "Replies given up on: deadline passed, peer refused for good, or shutdown.");
        OutboundCalls = _meter.CreateCounter<long>("rolebot_outbound_calls", description: "HTTP calls to peers, by peer and status.");
        DuplicatesIgnored = _meter.CreateCounter<long>("rolebot_duplicates_ignored", description: "Slack events and clicks seen before (retries, replays).");
        RateLimited = _meter.CreateCounter<long>("rolebot_rate_limited", description: "Messages answered with 'slow down' instead of an answer.");
        QueueDepth = _meter.CreateUpDownCounter<long>("rolebot_queue_depth", description: "Replies waiting, by destination.");
    }

    public void Dispose() => _meter.Dispose();
}
