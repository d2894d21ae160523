using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// The multi-ticket cookie scheme. One protected cookie names the browser's client, carries the
/// client's secret and holds a ticket per account; the session records in the database are the
/// authority. Every request reconciles the two: tickets whose session ended are dropped, and a cookie
/// that proves the client's current secret gets the sessions of this client that it lacks (a
/// <c>Set-Cookie</c> lost to a race between two tabs); any other cookie is a copy from before a
/// sign-in and gets only what it holds. The cookie is rewritten once, when the response starts, only
/// if it changed.
/// </summary>
public sealed class MultiSessionHandler(
    IOptionsMonitor<MultiSessionOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionStore sessions)
    : SignInAuthenticationHandler<MultiSessionOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var feature = await GetFeatureAsync();
        var slot = Context.Features.Get<AccountSlotFeature>();
        var acting = slot is null ? feature.State.Active : feature.State.FindBySlot(slot.Slot);

        // A pending session (a task is due) counts as signed out until the task is done.
        if (acting is not { Status: SessionStatus.Active })
        {
            return slot is null ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("No signed-in account in this slot.");
        }

        await sessions.TouchAsync(feature.State.ClientId!, acting, Context.RequestAborted);
        var principal = MultiSessionPrincipal.Create(feature.State.ClientId!, acting, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    /// <summary>Makes the session named by the principal's <c>sid</c> the browser's active one, adding its ticket.</summary>
    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        ArgumentNullException.ThrowIfNull(user);
        var feature = await GetFeatureAsync();
        var clientId = user.FindFirstValue(MultiSessionClaimTypes.ClientId)
            ?? throw new InvalidOperationException("The principal has no client id claim.");
        var sessionId = user.FindFirstValue(MultiSessionClaimTypes.SessionId)
            ?? throw new InvalidOperationException("The principal has no session id claim.");

        feature.State = await LoadAsync(feature, clientId, sessionId);
        Log.SessionActivated(Logger, sessionId, clientId);
    }

    /// <summary>
    /// With <see cref="MultiSessionDefaults.SessionIdItem"/>: drops that one ticket (the caller has ended
    /// the session). Without: forgets the browser's client and deletes the cookie.
    /// </summary>
    protected override async Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        var feature = await GetFeatureAsync();
        var state = feature.State;
        if (properties?.Items.TryGetValue(MultiSessionDefaults.SessionIdItem, out var sessionId) == true
            && sessionId is not null && state.ClientId is not null)
        {
            var active = state.ActiveSessionId == sessionId ? null : state.ActiveSessionId;
            var after = await LoadAsync(feature, state.ClientId, active);
            feature.State = after.Sessions.Count == 0 ? ClientState.Anonymous : after;
            return;
        }

        feature.State = ClientState.Anonymous;
    }

    /// <summary>
    /// To the active session's due task; else to the chooser when the browser lists accounts but none
    /// is active; else to sign-in.
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var feature = await GetFeatureAsync();
        var path = feature.State.Active is { Status: SessionStatus.Pending } active
            ? active.Task == SessionTasks.SetupMfa ? Options.SetupMfaTaskPath : Options.TaskPath
            : feature.State.Sessions.Count > 0 ? Options.ChooserPath
            : Options.SignInPath;
        var returnUrl = properties.RedirectUri ?? OriginalPathBase + Request.Path + Request.QueryString;
        var location = Context.GetRootPathBase() + path + QueryString.Create(Options.ReturnUrlParameter, returnUrl);
        Response.Redirect(location);
    }

    private async Task<MultiSessionFeature> GetFeatureAsync()
    {
        if (Context.Features.Get<MultiSessionFeature>() is { } existing)
        {
            return existing;
        }

        var startedAt = TimeProvider.GetUtcNow().UtcDateTime;
        var (cookie, unreadable) = ReadCookie();
        var feature = new MultiSessionFeature(ClientState.Anonymous, CookieStanding.Current, cookie, unreadable, startedAt);
        if (cookie is not null)
        {
            feature.State = await LoadAsync(feature, cookie.ClientId, cookie.ActiveSessionId);
        }

        Context.Features.Set(feature);
        Response.OnStarting(() =>
        {
            WriteCookie(feature);
            return Task.CompletedTask;
        });
        return feature;
    }

    private async Task<ClientState> LoadAsync(MultiSessionFeature feature, string clientId, string? activeSessionId)
    {
        var view = await sessions.LoadClientAsync(feature.CredentialFor(clientId), activeSessionId, feature.StartedAt, Context.RequestAborted);
        feature.Standing = view.Standing;
        return view.State;
    }

    private (ClientCookie? Cookie, bool Unreadable) ReadCookie()
    {
        var value = Request.Cookies[CookieName];
        if (value is null)
        {
            return (null, false);
        }

        var cookie = value.Length <= MultiSessionDefaults.MaxCookieSize ? Options.CookieFormat.Unprotect(value) : null;
        if (cookie is null)
        {
            Log.CookieUnreadable(Logger, value.Length);
            return (null, true);
        }

        return (cookie, false);
    }

    private void WriteCookie(MultiSessionFeature feature)
    {
        var state = feature.State;
        if (state.ClientId is not null || feature.RequestCookie is not null || feature.RequestCookieUnreadable)
        {
            // Account data must not sit in a shared or back/forward cache.
            Response.Headers.CacheControl = "no-cache, no-store";
            Response.Headers.Pragma = "no-cache";
        }

        // Another tab's sign-in renewed the secret while this request was on its way: its cookie, with
        // every account, is the one the browser should keep, not this older one.
        if (!feature.RequestCookieUnreadable
            && (feature.Standing == CookieStanding.Previous || WouldWriteTheSame(state, feature.Secret, feature.RequestCookie)))
        {
            return;
        }

        if (state.ClientId is null)
        {
            Response.Cookies.Delete(CookieName, Options.Cookie.Build(Context));
            return;
        }

        // Kept as long as a listed session could still be used; otherwise until the browser closes.
        var options = Options.Cookie.Build(Context);
        var lastExpiry = state.Sessions.Count == 0 ? (DateTime?)null : state.Sessions.Max(s => s.ExpireAt);
        options.Expires = lastExpiry > TimeProvider.GetUtcNow().UtcDateTime ? lastExpiry : null;
        Response.Cookies.Append(CookieName, Options.CookieFormat.Protect(ToCookie(state, feature.Secret!)), options);
    }

    /// <summary>Tickets are for signed-in sessions only; remembered entries are found by the client id.</summary>
    private static ClientCookie ToCookie(ClientState state, byte[] secret) => new(
        state.ClientId!,
        secret,
        [.. state.SignedIn.Select(s => new SessionTicket(s.Id, s.Slot))],
        state.ActiveSessionId);

    /// <summary>
    /// Whether <see cref="ToCookie"/> would give the cookie the browser sent, compared field by field
    /// without making the new one: nearly every response leaves the cookie as it was. An active id
    /// without a ticket is written as none, as <see cref="ClientCookieSerializer"/> does.
    /// </summary>
    private static bool WouldWriteTheSame(ClientState state, byte[]? secret, ClientCookie? sent)
    {
        if (state.ClientId is null || sent is null)
        {
            return state.ClientId is null && sent is null;
        }

        if (state.ClientId != sent.ClientId || !secret.AsSpan().SequenceEqual(sent.Secret))
        {
            return false;
        }

        var tickets = 0;
        var activeHasTicket = false;
        foreach (var session in state.Sessions)
        {
            if (!session.IsSignedIn)
            {
                continue;
            }

            if (tickets == sent.Tickets.Count || sent.Tickets[tickets] != new SessionTicket(session.Id, session.Slot))
            {
                return false;
            }

            activeHasTicket |= session.Id == state.ActiveSessionId;
            tickets++;
        }

        var sentActive = sent.Tickets.Any(t => t.SessionId == sent.ActiveSessionId) ? sent.ActiveSessionId : null;
        return tickets == sent.Tickets.Count && (activeHasTicket ? state.ActiveSessionId : null) == sentActive;
    }

    private string CookieName => HostPrefixedCookieManager.NameFor(Context, Options.Cookie.Name!);
}
