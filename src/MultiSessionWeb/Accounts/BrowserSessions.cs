using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Accounts;

/// <summary>
/// Sign-in, switch and sign-out as a browser asks for them (the role Identity's <c>SignInManager</c>
/// plays): the records change through <see cref="SessionStore"/>, then the multi-session scheme
/// rewrites the cookie. The only caller of the scheme's sign-in and sign-out. Every member takes the
/// request's <see cref="HttpContext"/> and stops with its <see cref="HttpContext.RequestAborted"/>.
/// </summary>
public sealed class BrowserSessions(
    SessionStore store,
    ClientSecrets secrets,
    SecurityActivity activity,
    ClientLocks locks,
    SwitchStepUp stepUp,
    IOptions<AccountLimitsSettings> limits,
    SessionMetrics metrics,
    ILogger<BrowserSessions> logger)
{
    /// <summary>Null when one more account may be signed in to this browser now, else why not.</summary>
    public SignInOutcome? CheckRoomForAccount(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var count = http.GetClientState().SignedIn.Count;
        var settings = limits.Value;
        return !settings.Enabled && count > 0 ? new SignInOutcome.SessionExists()
            : count >= settings.MaxAccountsPerClient ? new SignInOutcome.TooManyAccounts(settings.MaxAccountsPerClient)
            : null;
    }

    /// <summary>Signs the user in to this browser as one more account and makes it the active one.</summary>
    public async Task<SignInOutcome> SignInAsync(HttpContext http, User user, string method, bool secondFactorProved = false, bool setupMfaDue = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(user);
        if (user.DisabledAt is not null)
        {
            metrics.SignInAttempted(method, new SignInOutcome.AccountDisabled(), http.GetClientState().SignedIn.Count);
            return new SignInOutcome.AccountDisabled();
        }

        var feature = http.Features.GetRequiredFeature<MultiSessionFeature>();
        var clientId = feature.EnsureClientId();

        SignInOutcome outcome;
        using (await locks.EnterAsync(clientId, http.RequestAborted))
        {
            (clientId, var secret) = await secrets.RenewAsync(clientId, feature.Secret!, feature.StartedAt, http.RequestAborted);
            feature.Renew(clientId, secret);
            var device = new SessionDevice(http.Request.Headers.UserAgent.ToString(), http.Connection.RemoteIpAddress?.ToString());
            outcome = await store.CreateSessionAsync(clientId, user, method, device, http.RequestAborted, secondFactorProved, setupMfaDue);
        }

        switch (outcome)
        {
            case SignInOutcome.Added added:
                Log.SessionCreated(logger, added.SessionId, user.Id, clientId, method);
                await activity.RecordAsync(user.Id, SecurityEventTypes.SignedIn, http, method, added.SessionId);
                await ActivateAsync(http, clientId, added.SessionId);
                break;
            case SignInOutcome.AlreadySignedIn already:
                await ActivateAsync(http, clientId, already.SessionId);
                break;
            case SignInOutcome.TooManyAccounts tooMany:
                Log.AccountLimitReached(logger, clientId, tooMany.Limit);
                break;
        }

        metrics.SignInAttempted(method, outcome, http.GetClientState().SignedIn.Count);

        return outcome;
    }

    /// <summary>
    /// Makes one of this browser's signed-in sessions the active one, unless its account asks for a
    /// fresh proof first (<see cref="SwitchStepUp"/>): then nothing changes and the outcome says what to ask.
    /// <paramref name="steppedUp"/>: the person has just given that proof (this request's view of the records predates it).
    /// </summary>
    public async Task<SwitchOutcome> SwitchAsync(HttpContext http, string sessionId, bool steppedUp = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = http.GetClientState();
        if (state.ClientId is null || state.Find(sessionId) is not { IsSignedIn: true } session)
        {
            return new SwitchOutcome.NotSignedInHere();
        }

        if (!steppedUp && session.Id != state.ActiveSessionId && await stepUp.DueAsync(session, http.RequestAborted) is not StepUpProof.None and var proof)
        {
            Log.StepUpDue(logger, sessionId, state.ClientId, proof);
            return new SwitchOutcome.StepUpDue(session, proof);
        }

        await ActivateAsync(http, state.ClientId, sessionId);
        metrics.Switched();
        return new SwitchOutcome.Switched(session);
    }

    /// <summary>Signs out of one account on this browser; the others stay signed in. Null when the browser holds no such session.</summary>
    public async Task<SignOutOutcome?> SignOutAsync(HttpContext http, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = http.GetClientState();
        if (state.ClientId is null || state.Find(sessionId) is not { IsSignedIn: true } session)
        {
            return null;
        }

        await store.SignOutAsync(state.ClientId, sessionId, http.RequestAborted);
        await activity.RecordAsync(session.User.Id, SecurityEventTypes.SignedOut, http, EndReasons.SignedOut, sessionId);
        await ForgetTicketAsync(http, sessionId);
        Log.SignedOut(logger, sessionId, state.ClientId);
        metrics.SignedOut("one", 1);

        // Google's behaviour: the account used most recently takes over, so the browser's other
        // accounts stay in use; the page says which. A pending one is not picked: it could only
        // show its task, which the person did not ask for.
        var wasActive = state.ActiveSessionId == sessionId;
        var next = wasActive
            ? http.GetClientState().SignedIn
                .Where(s => s.Status == SessionStatus.Active)
                .OrderByDescending(s => s.LastActiveAt)
                .ThenByDescending(s => s.CreatedAt)
                .FirstOrDefault()
            : null;
        if (next is not null)
        {
            await ActivateAsync(http, state.ClientId, next.Id);
        }

        return new SignOutOutcome(wasActive, http.GetClientState().SignedIn.Count, next);
    }

    /// <summary>"Remove" on a remembered account: it leaves this browser's list. False when there is no such entry.</summary>
    public async Task<bool> ForgetAsync(HttpContext http, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = http.GetClientState();
        if (state.ClientId is null || state.Find(sessionId) is not { IsRemembered: true })
        {
            return false;
        }

        await store.ForgetAsync(state.ClientId, sessionId, http.RequestAborted);
        await ForgetTicketAsync(http, sessionId);
        return true;
    }

    /// <summary>Signs out of every account on this browser and forgets the browser.</summary>
    public async Task SignOutAllAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = http.GetClientState();
        var clientId = state.ClientId;
        if (clientId is not null)
        {
            // A copy of the cookie from before a sign-in ends only the sessions it holds, not the others'.
            var proven = http.Features.Get<MultiSessionFeature>()?.Standing == CookieStanding.Current;
            List<string>? heldOnly = proven ? null : [.. state.SignedIn.Select(s => s.Id)];
            List<(string UserId, string? SessionId)> ended;
            // Lined up with sign-ins from other tabs of this browser, so none lands between the two updates.
            using (await locks.EnterAsync(clientId, http.RequestAborted))
            {
                ended = await store.SignOutClientAsync(clientId, heldOnly, http.RequestAborted);
            }

            await activity.RecordAsync(ended, SecurityEventTypes.SignedOut, http, EndReasons.SignedOutAll);
            Log.SignedOutAll(logger, clientId);
            metrics.SignedOut("all", ended.Count);
        }

        await http.SignOutAsync(MultiSessionDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// The pending session's task is done: it becomes active, and the account's other sessions, which
    /// still knew the old password, end.
    /// </summary>
    public async Task CompleteTaskAsync(HttpContext http, ClientSession session, bool endOtherSessions = true)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(session);
        await store.ActivatePendingAsync(http.GetClientState().ClientId!, session.Id, http.RequestAborted);
        if (endOtherSessions)
        {
            await RevokeUserSessionsAsync(http, session.User.Id, session.Id, EndReasons.PasswordChanged);
        }

        await ActivateAsync(http, http.GetClientState().ClientId!, session.Id);
    }

    /// <summary>
    /// Ends one signed-in session from elsewhere (another device, an administrator), recording who
    /// asked from where when <paramref name="http"/> is given. False when it was not signed in.
    /// </summary>
    public async Task<bool> RevokeAsync(HttpContext? http, string sessionId, string reason)
    {
        var ended = await store.RevokeAsync(sessionId, reason, http?.RequestAborted ?? default);
        await activity.RecordAsync(ended, SecurityEventTypes.SessionRevoked, http, reason);
        return ended.Count > 0;
    }

    /// <summary>Ends every signed-in session of a user, except <paramref name="exceptSessionId"/>. Returns how many ended.</summary>
    public async Task<int> RevokeUserSessionsAsync(HttpContext? http, string userId, string? exceptSessionId, string reason)
    {
        var ended = await store.RevokeUserSessionsAsync(userId, exceptSessionId, reason, http?.RequestAborted ?? default);
        await activity.RecordAsync(ended, SecurityEventTypes.SessionRevoked, http, reason);
        return ended.Count;
    }

    /// <summary>Has the scheme make the session the active one and give the browser its ticket.</summary>
    private static Task ActivateAsync(HttpContext http, string clientId, string sessionId) =>
        http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(clientId, sessionId));

    /// <summary>Has the scheme drop the session's ticket, or the whole cookie when nothing is left to list.</summary>
    private static Task ForgetTicketAsync(HttpContext http, string sessionId) => http.SignOutAsync(
        MultiSessionDefaults.AuthenticationScheme,
        new AuthenticationProperties { Items = { [MultiSessionDefaults.SessionIdItem] = sessionId } });
}
