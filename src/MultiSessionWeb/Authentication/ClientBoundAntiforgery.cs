using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// Binds antiforgery tokens to the browser's client instead of the signed-in account. The framework
/// binds them to <c>HttpContext.User</c>, which here changes with every switch: a form left open in
/// another tab would then fail to post. The client id stays the same for the browser's whole life.
/// </summary>
/// <remarks>
/// The tokens a page gets are remembered (<see cref="AntiforgeryTokenMemo"/>): the framework makes the
/// form token from the request's antiforgery cookie and the client id alone, so a browser that sends
/// the same cookie as the same client gets the same token the framework gave it a moment ago, valid
/// for exactly what that one was. Only tokens for a cookie the framework kept are remembered; a missing
/// or unreadable cookie always goes to the framework, which issues a new one.
/// </remarks>
public sealed class ClientBoundAntiforgery(IAntiforgery inner, AntiforgeryTokenMemo memo, IOptions<AntiforgeryOptions> options) : IAntiforgery
{
    private const string AuthenticationType = "MultiSession.Client";

    private static readonly ClaimsPrincipal NoClient = new(new ClaimsIdentity());

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var clientId = httpContext.Features.Get<MultiSessionFeature>()?.EnsureClientId();
        var cookie = options.Value.Cookie.Name is { } name ? httpContext.Request.Cookies[name] : null;
        if (clientId is null || cookie is null)
        {
            return AsClient(httpContext, ensureClient: true, () => inner.GetAndStoreTokens(httpContext));
        }

        var key = new AntiforgeryTokenKey(cookie, clientId);
        if (memo.TryGet(key, out var tokens))
        {
            // What the framework does for every response that carries a token: it must not be cached.
            if (!httpContext.Response.HasStarted)
            {
                httpContext.Response.Headers[HeaderNames.CacheControl] = "no-cache, no-store";
                httpContext.Response.Headers[HeaderNames.Pragma] = "no-cache";
            }

            return tokens;
        }

        tokens = AsClient(httpContext, ensureClient: true, () => inner.GetAndStoreTokens(httpContext));
        if (tokens.CookieToken is null)
        {
            memo.Remember(key, tokens); // the request's cookie was good and stays the browser's
        }

        return tokens;
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) =>
        AsClient(httpContext, ensureClient: true, () => inner.GetTokens(httpContext));

    public async Task<bool> IsRequestValidAsync(HttpContext httpContext)
    {
        var user = SwapUser(httpContext, ensureClient: false);
        try
        {
            // Awaited inside the swap: the framework reads the form first and User only after that.
            return await inner.IsRequestValidAsync(httpContext);
        }
        finally
        {
            httpContext.User = user;
        }
    }

    public async Task ValidateRequestAsync(HttpContext httpContext)
    {
        var user = SwapUser(httpContext, ensureClient: false);
        try
        {
            await inner.ValidateRequestAsync(httpContext);
        }
        finally
        {
            httpContext.User = user;
        }
    }

    public void SetCookieTokenAndHeader(HttpContext httpContext) =>
        AsClient(httpContext, ensureClient: false, () =>
        {
            inner.SetCookieTokenAndHeader(httpContext);
            return 0;
        });

    private static T AsClient<T>(HttpContext httpContext, bool ensureClient, Func<T> action)
    {
        var user = SwapUser(httpContext, ensureClient);
        try
        {
            return action();
        }
        finally
        {
            httpContext.User = user;
        }
    }

    /// <summary>Puts the client in the place of the user for the framework's token code; returns the user.</summary>
    private static ClaimsPrincipal SwapUser(HttpContext httpContext, bool ensureClient)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var feature = httpContext.Features.Get<MultiSessionFeature>();
        var clientId = ensureClient ? feature?.EnsureClientId() : feature?.State.ClientId;
        var user = httpContext.User;
        httpContext.User = clientId is null
            ? NoClient
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, clientId)], AuthenticationType));
        return user;
    }
}

/// <summary>The antiforgery tokens lately given to a browser, by its antiforgery cookie and client.</summary>
/// <remarks>Bounded like the cryptography memo below it: at most <see cref="Capacity"/> browsers, each for at most <see cref="MaxAge"/>.</remarks>
public sealed class AntiforgeryTokenMemo(TimeProvider time)
    : BoundedMemo<AntiforgeryTokenKey, AntiforgeryTokenSet>(EqualityComparer<AntiforgeryTokenKey>.Default, time, Capacity, MaxAge)
{
    public const int Capacity = 10_000;

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
}

/// <param name="Cookie">The antiforgery cookie exactly as the browser sent it.</param>
/// <param name="ClientId">The browser's client, which the tokens are bound to.</param>
public readonly record struct AntiforgeryTokenKey(string Cookie, string ClientId);
