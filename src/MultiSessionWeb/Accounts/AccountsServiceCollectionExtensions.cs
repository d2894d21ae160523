namespace MultiSessionWeb.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>Sign-in, switch and sign-out as the browser asks for them.</summary>
    public static IServiceCollection AddBrowserSessions(this IServiceCollection services) =>
        services.AddScoped<BrowserSessions>();
}
