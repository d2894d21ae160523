using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Observability;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    /// <summary>Ready means the database answers and has every migration this build knows.</summary>
    public static IHealthChecksBuilder AddDatabaseReadiness(this IHealthChecksBuilder builder) =>
        builder.AddDbContextCheck<AppDbContext>(
            "database",
            tags: [ReadyTag],
            customTestQuery: async (db, cancellationToken) => !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any());

    /// <summary>
    /// <c>/healthz</c>: the process is alive; it checks nothing else, so a database outage does not
    /// get every instance restarted. <c>/readyz</c>: send this instance traffic.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
