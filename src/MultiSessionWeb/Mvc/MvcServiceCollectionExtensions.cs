namespace MultiSessionWeb.Mvc;

public static class MvcServiceCollectionExtensions
{
    /// <summary>
    /// What pages and controllers build with: every app URL (<see cref="AppUrls"/>) and the one
    /// "enter the code" page (<see cref="VerifyCodePage"/>). Both hold no request state of their own:
    /// each URL reads the current request when it is built.
    /// </summary>
    public static IServiceCollection AddPageHelpers(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<AppUrls>();
        services.AddSingleton<VerifyCodePage>();
        return services;
    }
}
