using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// The session records: what a browser lists, and every change to them. It knows nothing of requests
/// or cookies; the multi-session scheme reads through it, and the browser-facing sign-in and sign-out
/// above the scheme write through it.
/// </summary>
public sealed partial class SessionStore(
    AppDbContext db,
    TimeProvider time,
    ClientSessionCache cache,
    IOptions<AccountLimitsSettings> limits,
    IOptions<SessionSettings> settings,
    ILogger<SessionStore> logger)
{
    /// <summary>How stale <c>LastActiveAt</c> may get before a request writes it: one write a minute, not one a request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The client's listed sessions, as the records say (read through <see cref="ClientSessionCache"/>),
    /// as far as the cookie may see them: a cookie that carries the client's current secret sees every
    /// listed session; any other (a copy taken before a sign-in) sees only the signed-in sessions it
    /// holds tickets for. Signed-in sessions past their lifetime are marked expired on the way, and stay
    /// listed as remembered.
    /// </summary>
    public async Task<ClientView> LoadClientAsync(
        ClientCredential credential, string? activeSessionId, DateTime requestStartedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var clientId = credential.ClientId;
        if (!cache.TryGet(clientId, out var records))
        {
            var version = cache.VersionOf(clientId);
            var rows = await ClientSessionsQuery(db, clientId).ToArrayAsync(cancellationToken);
            records = new ClientRecords(
                rows.FirstOrDefault(r => r.SecretHash is not null) is { } row
                    ? new ClientSecretHashes(row.SecretHash!, row.PreviousSecretHash, row.SecretRotatedAt)
                    : null,
                [.. rows.Select(r => r.Session)]);
            cache.Store(clientId, version, records);
        }

        var sessions = records.Sessions;
        var now = Now;
        if (sessions.Any(s => s.IsSignedIn && LapseReason(s.ExpireAt, s.LastActiveAt, now) is not null))
        {
            sessions = await ExpireLapsedAsync(clientId, sessions, now, cancellationToken);
        }

        var standing = ClientSecrets.Standing(records, credential.Secret, requestStartedAt);
        if (standing != CookieStanding.Current)
        {
            // Not the remembered entries either: they would show whose accounts this browser held.
            sessions = [.. sessions.Where(s => s.IsSignedIn && credential.SessionIds.Contains(s.Id))];
        }

        var active = sessions.Any(s => s.Id == activeSessionId && s.IsSignedIn) ? activeSessionId : null;
        return new ClientView(new ClientState(clientId, sessions, active), standing);
    }

    /// <summary>
    /// The query every request runs: a client's listed sessions with their users, in slot order, each
    /// with the client's secret hashes, so that checking the cookie's secret costs no second query.
    /// </summary>
    internal static IQueryable<ClientSessionRow> ClientSessionsQuery(AppDbContext db, string clientId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Sessions
            .AsNoTracking()
            .Where(s => s.ClientId == clientId)
            .Listed()
            .Join(db.Clients, s => s.ClientId, c => c.Id, (s, c) => new { Session = s, Client = c })
            .OrderBy(x => x.Session.Slot)
            .Select(x => new ClientSessionRow(
                new ClientSession(
                    x.Session.Id, x.Session.Slot, x.Session.Status, x.Session.CreatedAt, x.Session.LastActiveAt, x.Session.ExpireAt,
                    x.Session.VerifiedAt, new SessionUser(x.Session.User!.Id, x.Session.User.Email, x.Session.User.Name)),
                x.Client.SecretHash,
                x.Client.PreviousSecretHash,
                x.Client.SecretRotatedAt));
    }

    /// <summary>
    /// The account of one of this client's sessions, whatever became of the session (signed out here
    /// too); null for a session of any other client, so nothing of another browser is ever named.
    /// </summary>
    public Task<SessionUser?> FindClientSessionUserAsync(string clientId, string sessionId, CancellationToken cancellationToken) =>
        db.Sessions
            .AsNoTracking()
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .Select(s => (SessionUser?)new SessionUser(s.User!.Id, s.User.Email, s.User.Name))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Keeps <c>LastActiveAt</c> current to the minute.</summary>
    public async Task TouchAsync(string clientId, ClientSession session, CancellationToken cancellationToken)
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
        cache.Invalidate(clientId);
    }

    /// <summary>Signs one of this client's sessions out on the browser itself.</summary>
    public Task SignOutAsync(string clientId, string sessionId, CancellationToken cancellationToken) =>
        EndAsync(db.Sessions.Where(s => s.Id == sessionId && s.ClientId == clientId), SessionStatus.Removed, EndReasons.SignedOut, cancellationToken);

    /// <summary>
    /// Ends the client's signed-in sessions (only <paramref name="heldOnly"/> when the cookie is a copy
    /// from before a sign-in) and, for a cookie that proves the client, drops the remembered entries too.
    /// Returns which ended, for the activity record.
    /// </summary>
    public async Task<List<(string UserId, string? SessionId)>> SignOutClientAsync(
        string clientId, IReadOnlyCollection<string>? heldOnly, CancellationToken cancellationToken)
    {
        var mine = heldOnly is null
            ? db.Sessions.Where(s => s.ClientId == clientId)
            : db.Sessions.Where(s => s.ClientId == clientId && heldOnly.Contains(s.Id));
        var ended = await EndAsync(mine, SessionStatus.Removed, EndReasons.SignedOutAll, cancellationToken);
        // Remembered entries go too: "sign out of all" leaves nothing of this browser behind. A
        // session signed in since (by another instance) is left signed in rather than marked
        // removed without ever being ended.
        if (heldOnly is null)
        {
            await db.Sessions
                .Where(s => s.ClientId == clientId)
                .Remembered()
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Removed), cancellationToken);
        }

        cache.Invalidate(clientId);
        return ended;
    }

    /// <summary>"Remove" on a remembered entry: it leaves the client's list.</summary>
    public async Task ForgetAsync(string clientId, string sessionId, CancellationToken cancellationToken)
    {
        await db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Removed), cancellationToken);
        cache.Invalidate(clientId);
    }

    /// <summary>Ends one signed-in session from elsewhere (another device, an administrator); returns which ended.</summary>
    public Task<List<(string UserId, string? SessionId)>> RevokeAsync(string sessionId, string reason, CancellationToken cancellationToken) =>
        EndAsync(db.Sessions.Where(s => s.Id == sessionId), SessionStatus.Revoked, reason, cancellationToken);

    /// <summary>Ends every signed-in session of a user, except <paramref name="exceptSessionId"/>; returns which ended.</summary>
    public Task<List<(string UserId, string? SessionId)>> RevokeUserSessionsAsync(
        string userId, string? exceptSessionId, string reason, CancellationToken cancellationToken) =>
        EndAsync(db.Sessions.Where(s => s.UserId == userId && s.Id != exceptSessionId), SessionStatus.Revoked, reason, cancellationToken);

    /// <summary>Puts every signed-in session of the user on hold until the reset-password task is done.</summary>
    public async Task<int> MarkPendingAsync(string userId, CancellationToken cancellationToken)
    {
        var active = db.Sessions.Where(s => s.UserId == userId && s.Status == SessionStatus.Active);
        var clients = await active.Select(s => s.ClientId).ToListAsync(cancellationToken);
        var pending = await active.ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Pending), cancellationToken);
        Invalidate(clients);
        return pending;
    }

    /// <summary>The pending session's task is done: it is active again, and counts as just verified.</summary>
    public async Task ActivatePendingAsync(string clientId, string sessionId, CancellationToken cancellationToken)
    {
        var now = Now;
        await db.Sessions
            .Where(s => s.Id == sessionId && s.Status == SessionStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Active).SetProperty(s => s.VerifiedAt, now), cancellationToken);
        cache.Invalidate(clientId);
    }

    /// <summary>Notes that the person just proved it was them again on this client's <paramref name="sessionId"/>.</summary>
    public async Task MarkReverifiedAsync(string clientId, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var now = Now;
        await db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.VerifiedAt, now), cancellationToken);
        cache.Invalidate(clientId);
    }

    /// <summary>True when the person proved it was them on this session within the reverification window (ASVS 7.5.2).</summary>
    public bool IsRecentlyVerified(ClientSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Now - session.VerifiedAt <= settings.Value.ReverificationWindow;
    }

    /// <summary>The user's name or email changed: every browser that lists the user shows the new one on its next request.</summary>
    public async Task InvalidateBrowsersOfUserAsync(string userId, CancellationToken cancellationToken)
    {
        var clients = await db.Sessions
            .Where(s => s.UserId == userId)
            .Listed()
            .Select(s => s.ClientId)
            .ToListAsync(cancellationToken);
        Invalidate(clients);
    }

    /// <summary>Every signed-in session of a user, on every browser, newest activity first.</summary>
    public Task<List<DeviceSession>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken) =>
        db.Sessions
            .AsNoTracking()
            .Where(s => s.UserId == userId)
            .SignedIn()
            .OrderByDescending(s => s.LastActiveAt)
            .Select(s => new DeviceSession(s.Id, s.ClientId, s.Status, s.SignInMethod, s.UserAgent, s.IpAddress, s.CreatedAt, s.LastActiveAt, s.ExpireAt))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Marks the signed-in sessions among <paramref name="sessions"/> expired in one statement. Unlike
    /// <see cref="EndAsync"/> it loads nothing: an expiry is not an event in anyone's activity, and
    /// after downtime the retention run may expire many thousands at once.
    /// </summary>
    internal Task<int> ExpireAsync(IQueryable<Session> sessions, string reason, CancellationToken cancellationToken)
    {
        var now = Now;
        return sessions
            .SignedIn()
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(s => s.Status, SessionStatus.Expired)
                    .SetProperty(s => s.EndedAt, now)
                    .SetProperty(s => s.EndReason, reason),
                cancellationToken);
    }

    /// <summary>Ends the signed-in sessions among <paramref name="sessions"/>; returns which ended, for the activity record.</summary>
    private async Task<List<(string UserId, string? SessionId)>> EndAsync(
        IQueryable<Session> sessions, SessionStatus status, string reason, CancellationToken cancellationToken)
    {
        var now = Now;
        var signedIn = sessions.SignedIn();
        var ending = await signedIn.Select(s => new { s.UserId, s.Id, s.ClientId }).ToListAsync(cancellationToken);
        if (ending.Count == 0)
        {
            return [];
        }

        var ids = ending.Select(e => e.Id).ToList();
        await signedIn
            .Where(s => ids.Contains(s.Id))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(s => s.Status, status)
                    .SetProperty(s => s.EndedAt, now)
                    .SetProperty(s => s.EndReason, reason),
                cancellationToken);
        Invalidate(ending.Select(e => e.ClientId));
        return [.. ending.Select(e => (e.UserId, (string?)e.Id))];
    }

    /// <summary>Marks this browser's lapsed sessions expired, in the records and in the returned list.</summary>
    private async Task<IReadOnlyList<ClientSession>> ExpireLapsedAsync(
        string clientId, IReadOnlyList<ClientSession> sessions, DateTime now, CancellationToken cancellationToken)
    {
        var updated = sessions.ToArray();
        for (var i = 0; i < updated.Length; i++)
        {
            if (updated[i].IsSignedIn && LapseReason(updated[i].ExpireAt, updated[i].LastActiveAt, now) is { } reason)
            {
                var id = updated[i].Id;
                await ExpireAsync(db.Sessions.Where(s => s.Id == id), reason, cancellationToken);
                updated[i] = updated[i] with { Status = SessionStatus.Expired };
            }
        }

        cache.Invalidate(clientId);
        return updated;
    }

    private void Invalidate(IEnumerable<string> clientIds)
    {
        foreach (var clientId in clientIds.Distinct())
        {
            cache.Invalidate(clientId);
        }
    }

    private string? LapseReason(DateTime expireAt, DateTime lastActiveAt, DateTime now) =>
        expireAt <= now ? EndReasons.Lifetime
        : settings.Value.InactivityTimeout is { } idle && lastActiveAt + idle <= now ? EndReasons.Inactivity
        : null;
}
