using Microsoft.AspNetCore.CookiePolicy;

namespace MultiSessionWeb.Security;

public static class SecureCookies
{
    /// <summary>
    /// One rule for every cookie the app sets, the framework's antiforgery and TempData cookies
    /// included, which on their own are not Secure over HTTPS: HttpOnly always, Secure whenever the
    /// request came over HTTPS (after forwarded headers), so plain-HTTP development still works.
    /// SameSite is left to each cookie: the client cookie is Lax, the antiforgery cookie Strict.
    /// </summary>
    internal static IServiceCollection AddSecureCookies(this IServiceCollection services) =>
        services.AddCookiePolicy(options =>
        {
            options.Secure = CookieSecurePolicy.SameAsRequest;
            options.HttpOnly = HttpOnlyPolicy.Always;
        });
}
