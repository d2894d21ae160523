using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

public static class SessionsServiceCollectionExtensions
{
    /// <summary>The session records of every browser, the in-memory copy of them, and their metrics.</summary>
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AccountLimitsSettings>()
            .BindConfiguration(AccountLimitsSettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SessionSettings>()
            .BindConfiguration(SessionSettings.Section)
            .ValidateDataAnnotations()
            .Validate(s => s.MaxLifetime > TimeSpan.Zero, "Sessions:MaxLifetime must be longer than zero.")
            .Validate(s => s.InactivityTimeout is null || s.InactivityTimeout > TimeSpan.Zero, "Sessions:InactivityTimeout must be longer than zero, or null for off.")
            .Validate(s => s.RetainEndedFor > TimeSpan.Zero && s.RetainSecurityEventsFor > TimeSpan.Zero, "Sessions:RetainEndedFor and Sessions:RetainSecurityEventsFor must be longer than zero.")
            // PeriodicTimer takes at most 2^32-2 milliseconds, about 49 days.
            .Validate(s => s.CleanupInterval > TimeSpan.Zero && s.CleanupInterval <= TimeSpan.FromDays(45), "Sessions:CleanupInterval must be between zero and 45 days.")
            .Validate(s => s.ClientCacheMaxAge > TimeSpan.Zero && s.ClientCacheMaxAge <= TimeSpan.FromHours(1), "Sessions:ClientCacheMaxAge must be between zero and one hour.")
            .ValidateOnStart();

        services.AddScoped<SessionStore>();
        services.AddScoped<ClientSecrets>();
        services.AddScoped<ClientChanges>();
        services.AddSingleton<ClientLocks>();
        if (builder.Configuration.UsesPostgres())
        {
            // Several instances share the records but not their memory: each change is announced through
            // PostgreSQL, and an instance keeps nothing while it does not hear the announcements.
            services.AddSingleton(s => new ClientSessionCache(
                s.GetRequiredService<IOptions<SessionSettings>>(), s.GetRequiredService<TimeProvider>(), suspended: true));
            services.AddHostedService<ClientChangeListener>();
        }
        else
        {
            services.AddSingleton<ClientSessionCache>();
        }

        services.AddSingleton<SessionMetrics>();
        return builder;
    }
}
