using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// Binds antiforgery tokens to the browser's client instead of the signed-in account. The framework
/// binds them to <c>HttpContext.User</c>, which here changes with every switch: a form left open in
/// another tab would then fail to post. The client id stays the same for the browser's whole life.
/// </summary>
public sealed class ClientBoundAntiforgery(IAntiforgery inner) : IAntiforgery
{
    private const string AuthenticationType = "MultiSession.Client";

    private static readonly ClaimsPrincipal NoClient = new(new ClaimsIdentity());

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        AsClient(httpContext, ensureClient: true, () => inner.GetAndStoreTokens(httpContext));

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
