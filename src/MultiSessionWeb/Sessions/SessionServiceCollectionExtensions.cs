using Microsoft.AspNetCore.Identity;
using MultiSessionWeb.Data;
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
            .Validate(s => s.MaxLifetime > TimeSpan.Zero, "Sessions:MaxLifetime must be longer than zero.")
            .Validate(s => s.InactivityTimeout is null || s.InactivityTimeout > TimeSpan.Zero, "Sessions:InactivityTimeout must be longer than zero, or null for off.")
            .ValidateOnStart();

        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<UserService>();
        services.AddScoped<SessionService>();
        return services;
    }
}
