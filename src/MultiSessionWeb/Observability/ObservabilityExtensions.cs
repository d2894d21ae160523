using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MultiSessionWeb.Observability;

public static class ObservabilityExtensions
{
    /// <summary>
    /// Metrics for <c>/metrics</c> (Prometheus text format) always; when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set (environment or settings), metrics and traces of requests and EF Core queries go there too.
    /// The other <c>OTEL_*</c> variables (service name, headers, protocol) apply as usual.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(SessionMetrics.MeterName).AddAspNetCoreInstrumentation().AddPrometheusExporter();
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddEntityFrameworkCoreInstrumentation().AddOtlpExporter());
        }

        return builder;
    }
}
