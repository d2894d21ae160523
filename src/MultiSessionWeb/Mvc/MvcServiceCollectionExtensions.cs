using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MultiSessionWeb.Mvc;

public static class MvcServiceCollectionExtensions
{
    /// <summary>
    /// What pages and controllers build with: every app URL (<see cref="AppUrls"/>) and the one
    /// "enter the code" page (<see cref="VerifyCodePage"/>), and TempData that sends no cookie it need not
    /// (<see cref="SparingTempDataProvider"/>). The first two hold no request state of their own:
    /// each URL reads the current request when it is built.
    /// </summary>
    public static IServiceCollection AddPageHelpers(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<AppUrls>();
        services.AddSingleton<VerifyCodePage>();

        // Either order with AddControllersWithViews: the framework only adds its provider when none is there.
        services.TryAddSingleton<CookieTempDataProvider>();
        services.Replace(ServiceDescriptor.Singleton<ITempDataProvider, SparingTempDataProvider>());
        return services;
    }
}
