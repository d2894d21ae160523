using Microsoft.AspNetCore.Mvc;

namespace MultiSessionWeb.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Sign-in, switch and sign-out as the browser asks for them (<see cref="BrowserSessions"/>), and the
    /// account a request acts as, its row read at most once (<see cref="ActingAccount"/>).
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<BrowserSessions>();
        services.AddHttpContextAccessor();
        services.AddScoped<ActingAccount>();
        services.Configure<MvcOptions>(o => o.Filters.Add<ActingAccountGoneFilter>());
        return services;
    }
}
