using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;

namespace RoleBot.Server.Http;

/// <summary>
/// What an operator sees: <c>/metrics</c> in Prometheus' text format (the "RoleBot" meter plus .NET's
/// and the process's own), and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces and metrics
/// over OTLP: a span per request, per outbound call and per answer (intent and confidence, never the
/// text). JSON console logs are ASP.NET Core's own: <c>Logging__Console__FormatterName=json</c>.
/// </summary>
public static class Observability
{
    private static readonly string[] Quiet = ["/healthz", "/readyz", "/metrics"];

    /// <summary>
    /// prometheus-net would start listening to .NET meters only before its first scrape, missing what
    /// happened until then: listen from start-up instead, once per process.
    /// </summary>
    private static readonly Lazy<IDisposable> MeterListening = new(() =>
    {
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });
        return MeterAdapter.StartListening(new MeterAdapterOptions { InstrumentFilterPredicate = i => Published(i.Meter.Name) });
    });

    /// <summary>
    /// Every meter but those recorded per buffer or per route match, which nobody graphs: under load,
    /// prometheus-net's handling of measurements took about a third of a slash command's time, and
    /// Kestrel's memory pool records one on every buffer rented. .NET's internal QUIC counters are
    /// not ours to show.
    /// </summary>
    internal static bool Published(string meter) =>
        meter is not ("Microsoft.AspNetCore.MemoryPool" or "Microsoft.AspNetCore.Routing")
        && !meter.StartsWith("Private.InternalDiagnostics.", StringComparison.Ordinal);

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        _ = MeterListening.Value;
        if (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is not { Length: > 0 } endpoint) return builder;
        // The standard variables, read from configuration too (appsettings, tests), not only the environment.
        var http = builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] is "http/protobuf";
        void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions o, string signal)
        {
            o.Protocol = http ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
            // Over HTTP each signal has its own path under the base endpoint (as the specification says).
            o.Endpoint = new Uri(http ? endpoint.TrimEnd('/') + "/v1/" + signal : endpoint);
        }
        var exportMs = builder.Configuration.GetValue("OTEL_BSP_SCHEDULE_DELAY", 5000);
        var metricMs = builder.Configuration.GetValue("OTEL_METRIC_EXPORT_INTERVAL", 60000);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "rolebot"))
            .WithTracing(t => t
                .AddSource(AnswerTelemetry.Name)
                // Probes and scrapes are not worth a trace each.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !Quiet.Contains(http.Request.Path.Value))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => { Otlp(o, "traces"); o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = exportMs; }))
            .WithMetrics(m => m
                .AddMeter(AnswerTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter((o, reader) => { Otlp(o, "metrics"); reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = metricMs; }));
        return builder;
    }

    /// <summary>Prometheus scrapes <c>/metrics</c>; Metrics:Enabled=false turns it off.</summary>
    public static void MapPrometheus(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Metrics:Enabled", true)) return;
        app.MapMetrics("/metrics");
    }
}
