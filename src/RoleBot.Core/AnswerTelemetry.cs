using System.Diagnostics;
using System.Diagnostics.Metrics;
using RoleBot.Answers;
using RoleBot.Understanding;

namespace RoleBot;

/// <summary>
/// What every answer reports, whichever host asks: a span ("rolebot.answer", with the intent and the
/// confidence, never the text) and the questions counter and latency histogram. Both are plain .NET
/// diagnostics (ActivitySource, Meter): the server exports them to Prometheus and OTLP; without a
/// listener they cost next to nothing.
/// </summary>
public static class AnswerTelemetry
{
    public const string Name = "RoleBot";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Questions = Meter.CreateCounter<long>("questions",
        description: "Questions answered, by channel, intent and outcome (answered, did-you-mean, unknown).");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("answer_duration", unit: "s",
        description: "Time to read one message and compose its answer.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    public static Activity? Start() => Source.StartActivity("rolebot.answer");

    public static void Record(Activity? span, Answer answer, Channel channel, TimeSpan elapsed)
    {
        var outcome = answer.Reply.Choices.Count > 0 ? "did-you-mean" : answer.Intent == Intent.Unknown ? "unknown" : "answered";
        var tags = new TagList { { "channel", channel.ToString().ToLowerInvariant() }, { "intent", answer.Intent.Id }, { "outcome", outcome } };
        Questions.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
        if (span is null) return;
        span.SetTag("rolebot.intent", answer.Intent.Id);
        span.SetTag("rolebot.confidence", Math.Round(answer.Understood.Confidence, 3));
        span.SetTag("rolebot.outcome", outcome);
        span.SetTag("rolebot.channel", channel.ToString().ToLowerInvariant());
    }
}
