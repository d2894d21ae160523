using MultiSessionWeb.Authentication;
using MultiSessionWeb.External;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>
/// The names the app's cookies have in a browser. Over HTTPS (every <see cref="Browser"/> of an
/// <see cref="AppFactory"/>) they carry the <c>__Host-</c> prefix, over plain HTTP they do not: the rule of
/// <see cref="Security.HostPrefixedCookieManager.NameFor"/>. The prefixed names are put together here from the
/// defaults rather than asked of that method, so that a test of the prefix still fails if the app stops
/// adding it.
/// </summary>
public static class CookieNames
{
    public const string Client = MultiSessionDefaults.SecureCookiePrefix + MultiSessionDefaults.CookieName;

    public const string ClientOverHttp = MultiSessionDefaults.CookieName;

    public const string External = MultiSessionDefaults.SecureCookiePrefix + ExternalDefaults.CookieName;

    public const string ExternalOverHttp = ExternalDefaults.CookieName;
}
