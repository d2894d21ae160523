using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// The one place where sessions begin, change and end. Records are written here; the client cookie
/// follows through the multi-session scheme's sign-in and sign-out.
/// </summary>
public sealed class SessionService(
    AppDbContext db,
    TimeProvider time,
    IOptions<MultiSessionSettings> multiSession,
    IOptions<SessionLifetimeSettings> lifetime,
    ILogger<SessionService> logger)
{
    /// <summary>How stale <c>LastActiveAt</c> may get before a request writes it: one write a minute, not one a request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private const int MaxSlotRaces = 8;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The client's signed-in sessions, straight from the records. Sessions past their lifetime are
    /// marked expired on the way.
    /// </summary>
    public async Task<ClientState> LoadClientAsync(string clientId, string? activeSessionId, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions
            .AsNoTracking()
            .Where(s => s.ClientId == clientId && s.Status == SessionStatus.Active)
            .OrderBy(s => s.Slot)
            .Select(s => new ClientSession(
                s.Id, s.Slot, s.Status, s.CreatedAt, s.LastActiveAt, s.ExpireAt,
                new SessionUser(s.User!.Id, s.User.Email, s.User.Name)))
            .ToListAsync(cancellationToken);

        var now = Now;
        var lapsed = sessions.Where(s => HasLapsed(s, now)).Select(s => s.Id).ToList();
        if (lapsed.Count > 0)
        {
            await db.Sessions
                .Where(s => lapsed.Contains(s.Id) && s.Status == SessionStatus.Active)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(s => s.Status, SessionStatus.Expired)
                        .SetProperty(s => s.EndedAt, now)
                        .SetProperty(s => s.EndReason, EndReasons.Lifetime),
                    cancellationToken);
            sessions.RemoveAll(s => lapsed.Contains(s.Id));
        }

        var active = sessions.Any(s => s.Id == activeSessionId) ? activeSessionId : null;
        return new ClientState(clientId, sessions, active);
    }

    /// <summary>Keeps <c>LastActiveAt</c> current to the minute.</summary>
    public async Task TouchAsync(ClientSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = Now;
        if (now - session.LastActiveAt < TouchInterval)
        {
            return;
        }

        await db.Sessions
            .Where(s => s.Id == session.Id && s.Status == SessionStatus.Active)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastActiveAt, now), cancellationToken);
    }

    /// <summary>Null when one more account may be signed in to this browser now, else why not.</summary>
    public SignInOutcome? CheckRoomForAccount(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var count = http.GetClientState().Sessions.Count;
        var settings = multiSession.Value;
        return !settings.Enabled && count > 0 ? new SignInOutcome.SessionExists()
            : count >= settings.MaxAccountsPerClient ? new SignInOutcome.TooManyAccounts(settings.MaxAccountsPerClient)
            : null;
    }

    /// <summary>Signs the user in to this browser as one more account and makes it the active one.</summary>
    public async Task<SignInOutcome> SignInAsync(HttpContext http, User user, string method)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(user);
        var clientId = http.Features.GetRequiredFeature<MultiSessionFeature>().EnsureClientId();
        await EnsureClientAsync(clientId, http.RequestAborted);

        var outcome = await CreateSessionAsync(http, clientId, user, method);
        switch (outcome)
        {
            case SignInOutcome.Added added:
                Log.SessionCreated(logger, added.SessionId, user.Id, clientId, method);
                await http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(clientId, added.SessionId));
                break;
            case SignInOutcome.AlreadySignedIn already:
                await http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(clientId, already.SessionId));
                break;
            case SignInOutcome.TooManyAccounts tooMany:
                Log.AccountLimitReached(logger, clientId, tooMany.Limit);
                break;
        }

        return outcome;
    }

    /// <summary>Makes one of this browser's sessions the active one. False when the browser holds no such session.</summary>
    public async Task<bool> SwitchAsync(HttpContext http, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = http.GetClientState();
        if (state.ClientId is null || state.Find(sessionId) is null)
        {
            return false;
        }

        await http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(state.ClientId, sessionId));
        return true;
    }

    /// <summary>Signs out of one account on this browser; the others stay signed in. Null when the browser holds no such session.</summary>
    public async Task<SignOutOutcome?> SignOutAsync(HttpContext http, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = http.GetClientState();
        if (state.ClientId is null || state.Find(sessionId) is null)
        {
            return null;
        }

        await EndAsync(
            db.Sessions.Where(s => s.Id == sessionId && s.ClientId == state.ClientId),
            SessionStatus.Removed, EndReasons.SignedOut, http.RequestAborted);
        await http.SignOutAsync(
            MultiSessionDefaults.AuthenticationScheme,
            new AuthenticationProperties { Items = { [MultiSessionDefaults.SessionIdItem] = sessionId } });
        Log.SignedOut(logger, sessionId, state.ClientId);
        return new SignOutOutcome(state.ActiveSessionId == sessionId, http.GetClientState().Sessions.Count);
    }

    /// <summary>Signs out of every account on this browser and forgets the browser.</summary>
    public async Task SignOutAllAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var clientId = http.GetClientState().ClientId;
        if (clientId is not null)
        {
            await EndAsync(db.Sessions.Where(s => s.ClientId == clientId), SessionStatus.Removed, EndReasons.SignedOutAll, http.RequestAborted);
            Log.SignedOutAll(logger, clientId);
        }

        await http.SignOutAsync(MultiSessionDefaults.AuthenticationScheme);
    }

    private async Task<SignInOutcome> CreateSessionAsync(HttpContext http, string clientId, User user, string method)
    {
        var settings = multiSession.Value;
        for (var attempt = 1; ; attempt++)
        {
            var now = Now;
            var listed = await db.Sessions
                .Where(s => s.ClientId == clientId && s.Status != SessionStatus.Removed && s.Status != SessionStatus.Replaced)
                .Select(s => new { s.Id, s.Slot, s.UserId, s.Status, s.ExpireAt })
                .ToListAsync(http.RequestAborted);
            var signedIn = listed.Where(s => s.Status == SessionStatus.Active && s.ExpireAt > now).ToList();

            if (signedIn.FirstOrDefault(s => s.UserId == user.Id) is { } existing)
            {
                return new SignInOutcome.AlreadySignedIn(existing.Id);
            }

            if (!settings.Enabled && signedIn.Count > 0)
            {
                return new SignInOutcome.SessionExists();
            }

            if (signedIn.Count >= settings.MaxAccountsPerClient)
            {
                return new SignInOutcome.TooManyAccounts(settings.MaxAccountsPerClient);
            }

            var taken = listed.Select(s => s.Slot).ToHashSet();
            var slot = Enumerable.Range(0, ClientCookieSerializer.MaxTickets).First(n => !taken.Contains(n));
            var session = new Session
            {
                Id = OpaqueId.New(OpaqueId.SessionPrefix),
                ClientId = clientId,
                UserId = user.Id,
                Status = SessionStatus.Active,
                Slot = slot,
                SignInMethod = method,
                CreatedAt = now,
                LastActiveAt = now,
                ExpireAt = now + lifetime.Value.MaxLifetime,
                UserAgent = Truncate(http.Request.Headers.UserAgent.ToString(), Limits.UserAgentLength),
                IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            };
            db.Sessions.Add(session);
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
                return new SignInOutcome.Added(session.Id);
            }
            catch (DbUpdateException) when (attempt < MaxSlotRaces)
            {
                // Another tab took the same slot, or signed the same account in, a moment ago: the
                // unique indexes refused this row. Look again; the next round sees what it committed.
                db.ChangeTracker.Clear();
                Log.SlotRace(logger, clientId, attempt);
            }
        }
    }

    private async Task EnsureClientAsync(string clientId, CancellationToken cancellationToken)
    {
        if (await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
        {
            return;
        }

        db.Clients.Add(new Client { Id = clientId, CreatedAt = Now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A parallel first sign-in from another tab created it; that is all we wanted.
            db.ChangeTracker.Clear();
            if (!await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
            {
                throw;
            }
        }
    }

    private Task<int> EndAsync(IQueryable<Session> sessions, SessionStatus status, string reason, CancellationToken cancellationToken)
    {
        var now = Now;
        return sessions
            .Where(s => s.Status == SessionStatus.Active || s.Status == SessionStatus.Pending)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(s => s.Status, status)
                    .SetProperty(s => s.EndedAt, now)
                    .SetProperty(s => s.EndReason, reason),
                cancellationToken);
    }

    private bool HasLapsed(ClientSession session, DateTime now) =>
        session.ExpireAt <= now
        || (lifetime.Value.InactivityTimeout is { } idle && session.LastActiveAt + idle <= now);

    private static string? Truncate(string value, int length) =>
        value.Length == 0 ? null : value.Length <= length ? value : value[..length];
}
