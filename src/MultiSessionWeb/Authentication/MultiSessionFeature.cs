using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// The request's view of its browser, kept by <see cref="MultiSessionHandler"/> in
/// <c>HttpContext.Features</c>. Whatever <see cref="State"/> holds when the response starts is what
/// the client cookie is rewritten to.
/// </summary>
public sealed class MultiSessionFeature(
    ClientState state, CookieStanding standing, ClientCookie? requestCookie, bool requestCookieUnreadable, DateTime startedAt)
{
    public ClientState State { get; internal set; } = state;

    /// <summary>How the cookie's secret stands against the client's records; a sign-in makes it current.</summary>
    public CookieStanding Standing { get; internal set; } = standing;

    /// <summary>The cookie as the browser sent it, when it could be read.</summary>
    internal ClientCookie? RequestCookie { get; } = requestCookie;

    /// <summary>The browser sent a cookie that was tampered with, truncated or from another key ring.</summary>
    internal bool RequestCookieUnreadable { get; } = requestCookieUnreadable;

    /// <summary>The client secret the response cookie carries.</summary>
    internal byte[]? Secret { get; private set; } = requestCookie?.Secret;

    /// <summary>When the request reached the scheme: a sign-in that arrived while another tab's was under way may join it.</summary>
    internal DateTime StartedAt { get; } = startedAt;

    /// <summary>
    /// The browser's client id, made now if it has none yet. A browser gets its id with its first form,
    /// so that sign-ins posted from several tabs at once all land in the same client.
    /// </summary>
    public string EnsureClientId()
    {
        if (State.ClientId is null)
        {
            State = State with { ClientId = OpaqueId.New(OpaqueId.ClientPrefix) };
            Secret = ClientSecret.New();
        }

        return State.ClientId!;
    }

    /// <summary>A sign-in renewed the browser's secret, or moved the browser to a client of its own.</summary>
    internal void Renew(string clientId, byte[] secret)
    {
        Secret = secret;
        Standing = CookieStanding.Current;
        if (clientId != State.ClientId)
        {
            State = new ClientState(clientId, [], null);
        }
    }

    /// <summary>What the browser shows of itself, for reading its client again.</summary>
    internal ClientCredential CredentialFor(string clientId) => new(
        clientId,
        Secret ?? [],
        RequestCookie is { } cookie && cookie.ClientId == clientId ? [.. cookie.Tickets.Select(t => t.SessionId)] : []);
}

public static class MultiSessionHttpContextExtensions
{
    /// <summary>This browser's accounts, as the multi-session scheme found them for this request.</summary>
    public static ClientState GetClientState(this HttpContext context) =>
        context.Features.Get<MultiSessionFeature>()?.State ?? ClientState.Anonymous;

    /// <summary>The session the request acts as: the <c>/u/{slot}/</c> one, or else the active one.</summary>
    public static string? GetActingSessionId(this HttpContext context) =>
        context.User.FindFirst(MultiSessionClaimTypes.SessionId)?.Value;

    /// <summary>The session a signed-in request acts as; for pages that require an account.</summary>
    public static ClientSession GetActingSession(this HttpContext context) =>
        context.GetActingSessionId() is { } id && context.GetClientState().Find(id) is { } session
            ? session
            : throw new InvalidOperationException("The request is not signed in; the page should require an account.");
}
