using Microsoft.AspNetCore.Identity;
using MultiSessionWeb.Data;
using MultiSessionWeb.Observability;
using MultiSessionWeb.Security;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Sessions;

public static class SessionServiceCollectionExtensions
{
    /// <summary>Users, their passwords and the sessions that sign them in to browsers.</summary>
    public static IServiceCollection AddAccountsAndSessions(this IServiceCollection services)
    {
        services.AddOptions<MultiSessionSettings>()
            .BindConfiguration(MultiSessionSettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SessionLifetimeSettings>()
            .BindConfiguration(SessionLifetimeSettings.Section)
            .ValidateDataAnnotations()
            .Validate(s => s.MaxLifetime > TimeSpan.Zero, "Sessions:MaxLifetime must be longer than zero.")
            .Validate(s => s.InactivityTimeout is null || s.InactivityTimeout > TimeSpan.Zero, "Sessions:InactivityTimeout must be longer than zero, or null for off.")
            .Validate(s => s.RetainEndedFor > TimeSpan.Zero && s.RetainSecurityEventsFor > TimeSpan.Zero, "Sessions:RetainEndedFor and Sessions:RetainSecurityEventsFor must be longer than zero.")
            // PeriodicTimer takes at most 2^32-2 milliseconds, about 49 days.
            .Validate(s => s.CleanupInterval > TimeSpan.Zero && s.CleanupInterval <= TimeSpan.FromDays(45), "Sessions:CleanupInterval must be between zero and 45 days.")
            .ValidateOnStart();

        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<UserService>();
        services.AddSingleton<SignUp.PendingSignUps>();
        services.AddScoped<SessionService>();
        services.AddSingleton<ClientLocks>();
        services.AddSingleton<ClientSessionCache>();
        services.AddSingleton<SessionMetrics>();
        services.AddScoped<SecurityActivity>();
        services.AddHostedService<SessionCleanupService>();
        return services;
    }
}
