using Microsoft.AspNetCore.Mvc;

namespace MultiSessionWeb.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Sign-in, switch and sign-out as the browser asks for them (<see cref="BrowserSessions"/>), and the
    /// account a request acts as, its row read at most once (<see cref="ActingAccount"/>), and the step-up
    /// an account may ask for before it becomes the one a browser or a tab acts as (<see cref="SwitchStepUp"/>),
    /// and the account menu as last drawn for each browser (<see cref="AccountMenuCache"/>).
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<BrowserSessions>();
        services.AddHttpContextAccessor();
        services.AddScoped<ActingAccount>();
        services.AddScoped<SwitchStepUp>();
        services.AddSingleton<AccountMenuCache>();
        services.Configure<MvcOptions>(o =>
        {
            o.Filters.Add<ActingAccountGoneFilter>();
            o.Filters.Add<StepUpFilter>();
        });
        return services;
    }
}
