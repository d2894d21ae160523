using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// The request's view of its browser, kept by <see cref="MultiSessionHandler"/> in
/// <c>HttpContext.Features</c>. Whatever <see cref="State"/> holds when the response starts is what
/// the client cookie is rewritten to.
/// </summary>
public sealed class MultiSessionFeature(ClientState state, ClientCookie? requestCookie, bool requestCookieUnreadable)
{
    public ClientState State { get; internal set; } = state;

    /// <summary>The cookie as the browser sent it, when it could be read.</summary>
    internal ClientCookie? RequestCookie { get; } = requestCookie;

    /// <summary>The browser sent a cookie that was tampered with, truncated or from another key ring.</summary>
    internal bool RequestCookieUnreadable { get; } = requestCookieUnreadable;

    /// <summary>
    /// The browser's client id, made now if it has none yet. A browser gets its id with its first form,
    /// so that sign-ins posted from several tabs at once all land in the same client.
    /// </summary>
    public string EnsureClientId()
    {
        if (State.ClientId is null)
        {
            State = State with { ClientId = OpaqueId.New(OpaqueId.ClientPrefix) };
        }

        return State.ClientId!;
    }
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
