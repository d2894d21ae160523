using Microsoft.AspNetCore.Authentication.Cookies;

namespace MultiSessionWeb.Security;

/// <summary>
/// Gives a framework cookie the <c>__Host-</c> prefix over HTTPS, as the client cookie has: the browser
/// then refuses it without Secure, with a Domain, or off Path=/. Over plain HTTP (development, or a
/// proxy that does not say the scheme was HTTPS) a prefixed cookie would be refused, so the name stays plain.
/// <see cref="NameFor"/> is that rule, for the client cookie too.
/// </summary>
public sealed class HostPrefixedCookieManager : ICookieManager
{
    public const string Prefix = "__Host-";

    private readonly ChunkingCookieManager inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => inner.GetRequestCookie(context, NameFor(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        inner.AppendResponseCookie(context, NameFor(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        inner.DeleteCookie(context, NameFor(context, key), options);

    /// <summary>The name the cookie <paramref name="key"/> has on this request.</summary>
    public static string NameFor(HttpContext context, string key)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.IsHttps ? Prefix + key : key;
    }
}
