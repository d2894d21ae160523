using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MultiSessionWeb.Observability;

public static class ObservabilityExtensions
{
    private const string MetricsPath = "/metrics";

    /// <summary>The meter of what sessions do; the sessions' metrics create it under this name.</summary>
    public const string SessionsMeterName = "MultiSessionWeb.Sessions";

    /// <summary>
    /// Metrics for <c>/metrics</c> (Prometheus text format) always; when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set (environment or settings), metrics and traces of requests and EF Core queries go there too.
    /// The other <c>OTEL_*</c> variables (service name, headers, protocol) apply as usual.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<MetricsSettings>().BindConfiguration(MetricsSettings.Section)
            .Validate(s => s.Port is null or (> 0 and <= 65535), "Metrics:Port must be a port number (1-65535).")
            .Validate(s => string.IsNullOrEmpty(s.Token) || s.Token.Length >= MetricsSettings.MinimumTokenLength,
                $"Metrics:Token must be at least {MetricsSettings.MinimumTokenLength} characters.")
            .ValidateOnStart();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(SessionsMeterName).AddAspNetCoreInstrumentation().AddPrometheusExporter();
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

    /// <summary>
    /// Serves <c>/metrics</c> only as <see cref="MetricsSettings"/> allow: on the management port, to the
    /// bearer of the token, or not at all. Anything else falls through to the app, which answers 404,
    /// so the public port does not even tell that metrics exist.
    /// </summary>
    public static IApplicationBuilder UseMetricsEndpoint(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.ApplicationServices.GetRequiredService<IOptions<MetricsSettings>>().Value;
        if (!settings.Enabled)
        {
            return app;
        }

        var token = string.IsNullOrEmpty(settings.Token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(settings.Token));
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == MetricsPath
            && (settings.Port is not { } port || context.Connection.LocalPort == port)
            && (token is null || BearerMatches(context, token)));
    }

    /// <summary>Compared as hashes in constant time, so response times do not spell out the token.</summary>
    private static bool BearerMatches(HttpContext context, byte[] expectedHash)
    {
        const string Prefix = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(Prefix, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[Prefix.Length..])), expectedHash);
    }
}
