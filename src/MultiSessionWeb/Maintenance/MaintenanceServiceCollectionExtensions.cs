namespace MultiSessionWeb.Maintenance;

public static class MaintenanceServiceCollectionExtensions
{
    /// <summary>The retention run and the worker that starts it every <c>Sessions:CleanupInterval</c>.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddScoped<Retention>();
        services.AddHostedService<RetentionWorker>();
        return services;
    }
}
