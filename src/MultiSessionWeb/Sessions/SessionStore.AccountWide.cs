using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

// One account's sessions on every browser: what an administrator, "sign out of other devices", a
// password change, a changed name or the retention run reaches. A browser's own sign-in and
// sign-out never come here.
public sealed partial class SessionStore
{
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
        var clients = await active.Select(s => s.ClientId).Distinct().ToListAsync(cancellationToken);
        // Only the browsers read here: a session signed in since is left active rather than changed unheard.
        return await changes.CommitAsync(clients, () => active
            .Where(s => clients.Contains(s.ClientId))
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Pending), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// <c>Mfa:Required</c> was turned on: every signed-in session of an account with neither a confirmed
    /// authenticator app nor a passkey waits on the setup-mfa task, as new sign-ins of such accounts do.
    /// </summary>
    public async Task<int> MarkPendingWithoutSecondFactorAsync(CancellationToken cancellationToken)
    {
        var active = db.Sessions.Where(s => s.Status == SessionStatus.Active
            && !db.TwoFactorAuthenticators.Any(a => a.UserId == s.UserId && a.ConfirmedAt != null)
            && !db.PasskeyCredentials.Any(p => p.UserId == s.UserId));
        var clients = await active.Select(s => s.ClientId).Distinct().ToListAsync(cancellationToken);
        return await changes.CommitAsync(clients, () => active
            .Where(s => clients.Contains(s.ClientId))
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Pending), cancellationToken), cancellationToken);
    }

    /// <summary>The user's name or email changed: every browser that lists the user shows the new one on its next request.</summary>
    public async Task InvalidateBrowsersOfUserAsync(string userId, CancellationToken cancellationToken)
    {
        var clients = await db.Sessions
            .Where(s => s.UserId == userId)
            .Listed()
            .Select(s => s.ClientId)
            .Distinct()
            .ToListAsync(cancellationToken);
        // The user's row has changed already (committed by the caller): the announcement follows it.
        await changes.AnnounceAsync(clients, cancellationToken);
        changes.Dropped(clients);
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
}
