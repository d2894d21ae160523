using Microsoft.AspNetCore.Authentication.Cookies;
using MultiSessionWeb.Authentication;

namespace MultiSessionWeb.Security;

/// <summary>
/// Gives a framework cookie the <c>__Host-</c> prefix over HTTPS, as the client cookie has: the browser
/// then refuses it without Secure, with a Domain, or off Path=/. Over plain HTTP (development, or a
/// proxy that does not say the scheme was HTTPS) a prefixed cookie would be refused, so the name stays plain.
/// </summary>
public sealed class HostPrefixedCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        inner.AppendResponseCookie(context, Name(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        inner.DeleteCookie(context, Name(context, key), options);

    private static string Name(HttpContext context, string key) =>
        context.Request.IsHttps ? MultiSessionDefaults.SecureCookiePrefix + key : key;
}
