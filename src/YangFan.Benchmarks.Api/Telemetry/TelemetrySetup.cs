using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace YangFan.Benchmarks.Api.Telemetry;

/// <summary>Configuration section <c>Telemetry</c> (docs/decisions/0045). Nothing is collected unless an exporter is configured.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The <c>service.name</c> of everything exported.</summary>
    public string ServiceName { get; set; } = "yangfan-benchmarks-api";

    /// <summary>The <c>service.instance.id</c> (e.g. the replica's name); a new random one per process when not set.</summary>
    public string? ServiceInstanceId { get; set; }

    public PrometheusTelemetryOptions Prometheus { get; set; } = new();
    public OtlpTelemetryOptions Otlp { get; set; } = new();
    public TracesTelemetryOptions Traces { get; set; } = new();
}

public sealed class PrometheusTelemetryOptions
{
    /// <summary>Serves the metrics for Prometheus to scrape at <see cref="Path"/>, without authentication: keep it off the public proxy.</summary>
    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";
}

public sealed class OtlpTelemetryOptions
{
    /// <summary>
    /// The collector's address; when set, traces and metrics are exported to it. The standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable works too.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318).</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;
}

public sealed class TracesTelemetryOptions
{
    /// <summary>Whether spans are recorded; by default only when they are exported (an OTLP endpoint is set).</summary>
    public bool? Enabled { get; set; }
}

/// <summary>Registers the API's telemetry: its instruments always; the OpenTelemetry SDK, exporters and scrape endpoint only as configured.</summary>
public static class TelemetrySetup
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (string.IsNullOrWhiteSpace(options.Otlp.Endpoint))
            options.Otlp.Endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var otlp = !string.IsNullOrWhiteSpace(options.Otlp.Endpoint);
        var traces = options.Traces.Enabled ?? otlp;
        var metrics = otlp || options.Prometheus.Enabled;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<OutboxBacklog>();
        builder.Services.AddSingleton<AppTelemetry>();

        // Logs carry the trace and span of the request they belong to, as the problem responses' traceId does; the JSON
        // console formatter (appsettings.json, Logging:Console) writes them out with the other scopes.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        if (!traces && !metrics)
            return builder;
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(options.ServiceName,
            serviceInstanceId: options.ServiceInstanceId, autoGenerateServiceInstanceId: options.ServiceInstanceId is null));
        if (traces)
            telemetry.WithTracing(t =>
            {
                t.AddSource(AppTelemetry.Name)
                    // Npgsql's own spans, one per command, with the SQL (docs/decisions/0045: rather than EF Core's beta instrumentation).
                    .AddSource("Npgsql")
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsScrape(http, options))
                    .AddHttpClientInstrumentation();
                if (otlp)
                    t.AddOtlpExporter(o => Export(o, options.Otlp, "v1/traces"));
            });
        if (metrics)
            telemetry.WithMetrics(m =>
            {
                m.AddMeter(AppTelemetry.Name)
                    .AddMeter("Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                // A meter is found by its name in the whole process: one made by another host's meter factory (several
                // hosts share a test process) is that host's, and its measurements are not this one's.
                if (m is IDeferredMeterProviderBuilder deferred)
                    deferred.Configure((services, provider) =>
                    {
                        var own = services.GetRequiredService<IMeterFactory>();
                        provider.AddView(i => i.Meter.Scope is IMeterFactory factory && factory != own ? MetricStreamConfiguration.Drop : null);
                    });
                if (options.Prometheus.Enabled)
                    m.AddPrometheusExporter();
                if (otlp)
                    m.AddOtlpExporter(o => Export(o, options.Otlp, "v1/metrics"));
            });
        return builder;
    }

    /// <summary>The scrape endpoint, where it is enabled; anonymous, so it is for the internal network only.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (options.Prometheus.Enabled)
            app.MapPrometheusScrapingEndpoint(options.Prometheus.Path).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static bool IsScrape(HttpContext http, TelemetryOptions options) =>
        options.Prometheus.Enabled && http.Request.Path.Equals(options.Prometheus.Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>The exporter's address: over HTTP each signal has its own path under the collector's, over gRPC one address serves all.</summary>
    private static void Export(OtlpExporterOptions exporter, OtlpTelemetryOptions otlp, string signalPath)
    {
        exporter.Protocol = otlp.Protocol;
        var endpoint = new Uri(otlp.Endpoint!);
        exporter.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath.Trim('/').Length == 0
            ? new Uri(endpoint, signalPath)
            : endpoint;
    }
}
