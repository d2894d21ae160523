namespace MultiSessionWeb.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>The security activity each account can read: sign-ins, failures, ends and changes.</summary>
    public static IServiceCollection AddSecurityActivity(this IServiceCollection services) =>
        services.AddScoped<SecurityActivity>();
}
