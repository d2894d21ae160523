namespace MultiSessionWeb.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Limits on sign-in, sign-up and code attempts (per client address, per identifier, per device);
    /// one cookie rule (HttpOnly always, Secure over HTTPS); and the security activity each account
    /// can read about its own sign-ins and changes.
    /// </summary>
    public static IServiceCollection AddSecurity(this IServiceCollection services) =>
        services.AddAbuseLimits()
            .AddSecureCookies()
            .AddScoped<SecurityActivity>();
}
