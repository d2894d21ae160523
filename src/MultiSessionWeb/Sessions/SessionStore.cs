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
    ClientChanges changes,
    IOptions<AccountLimitsSettings> limits,
    IOptions<SessionSettings> settings,
    IOptions<MfaSettings> mfa,
    ILogger<SessionStore> logger)
{
    /// <summary>How stale <c>LastActiveAt</c> may get before a request writes it: one write a minute, not one a request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Slots run from 0 to one below this; the client cookie stores a slot in one byte.</summary>
    public const int MaxSlots = 254;

    // Within one instance sign-ins of a browser are lined up (ClientLocks); this bounds the retries
    // when several instances race for the same browser's free slot.
    private const int MaxSlotRaces = 20;

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
            var rows = await ClientSessionsQuery(db, clientId, mfa.Value.Required).ToArrayAsync(cancellationToken);
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
    internal static IQueryable<ClientSessionRow> ClientSessionsQuery(AppDbContext db, string clientId, bool mfaRequired = false)
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
                    x.Session.VerifiedAt, new SessionUser(x.Session.User!.Id, x.Session.User.Email, x.Session.User.Name, x.Session.User.StepUpOnSwitch), x.Session.SecondFactorVerifiedAt,
                    x.Session.Status != SessionStatus.Pending ? null
                        : !x.Session.User.MustResetPassword && (mfaRequired || x.Session.User.MfaRequired) ? SessionTasks.SetupMfa : SessionTasks.ResetPassword),
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

        // Requests that all read the cached time at once write once: the others find the row current
        // and drop nothing, here or on other instances.
        var due = now - TouchInterval;
        await changes.CommitIfChangedAsync([clientId], () => db.Sessions
            .Where(s => s.Id == session.Id && s.Status == SessionStatus.Active && s.LastActiveAt <= due)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastActiveAt, now), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Adds a session for <paramref name="user"/> to the client, in its first free slot, unless the
    /// account is signed in there already or the browser has no room. Lost races for a slot are retried.
    /// </summary>
    public async Task<SignInOutcome> CreateSessionAsync(
        string clientId, User user, string method, SessionDevice device, CancellationToken cancellationToken, bool secondFactorProved = false, bool setupMfaDue = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(device);
        var accountLimits = limits.Value;
        for (var attempt = 1; ; attempt++)
        {
            var now = Now;
            var listed = await db.Sessions
                .Where(s => s.ClientId == clientId)
                .Listed()
                .Select(s => new { s.Id, s.Slot, s.UserId, s.Status, s.ExpireAt })
                .ToListAsync(cancellationToken);
            var signedIn = listed.Where(s => s.Status.IsSignedIn() && s.ExpireAt > now).ToList();

            if (signedIn.FirstOrDefault(s => s.UserId == user.Id) is { } existing)
            {
                await MarkSignedInAgainAsync(clientId, existing.Id, secondFactorProved || method == SignInMethods.Passkey, cancellationToken);
                return new SignInOutcome.AlreadySignedIn(existing.Id);
            }

            if (!accountLimits.Enabled && signedIn.Count > 0)
            {
                return new SignInOutcome.SessionExists();
            }

            if (signedIn.Count >= accountLimits.MaxAccountsPerClient)
            {
                return new SignInOutcome.TooManyAccounts(accountLimits.MaxAccountsPerClient);
            }

            // Signing in again takes the remembered entry's place, slot and all. In single-session
            // mode the browser's other remembered entries are replaced by this sign-in.
            var remembered = listed.Where(s => !signedIn.Contains(s)).ToList();
            var own = remembered.FirstOrDefault(s => s.UserId == user.Id);
            List<string> replaced = accountLimits.Enabled ? [] : [.. remembered.Where(s => s != own).Select(s => s.Id)];
            var taken = listed.Where(s => s != own && !replaced.Contains(s.Id)).Select(s => s.Slot).ToHashSet();
            var slot = own?.Slot ?? Enumerable.Range(0, MaxSlots).FirstOrDefault(n => !taken.Contains(n), -1);
            if (slot < 0)
            {
                // Hundreds of remembered entries: treat like the cap rather than fail.
                return new SignInOutcome.TooManyAccounts(accountLimits.MaxAccountsPerClient);
            }

            var session = new Session
            {
                Id = OpaqueId.New(OpaqueId.SessionPrefix),
                ClientId = clientId,
                UserId = user.Id,
                Status = user.MustResetPassword || setupMfaDue ? SessionStatus.Pending : SessionStatus.Active,
                Slot = slot,
                SignInMethod = method,
                CreatedAt = now,
                LastActiveAt = now,
                ExpireAt = now + settings.Value.MaxLifetime,
                VerifiedAt = now,
                // A passkey with user verification is something held and something known or are: both factors.
                SecondFactorVerifiedAt = secondFactorProved || method == SignInMethods.Passkey ? now : null,
                UserAgent = Truncate(device.UserAgent, Limits.UserAgentLength),
                IpAddress = device.IpAddress,
            };
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (own is not null)
                {
                    await Unlist(own.Id, SessionStatus.Removed, EndReasons.SignedInAgain);
                }

                foreach (var id in replaced)
                {
                    await Unlist(id, SessionStatus.Replaced, EndReasons.ReplacedBySignIn);
                }

                db.Sessions.Add(session);
                await db.SaveChangesAsync(cancellationToken);
                await changes.AnnounceAsync([clientId], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                changes.Dropped([clientId]);
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

        // The entry may still say active when its lifetime ran out a moment ago; it is over either way.
        Task<int> Unlist(string id, SessionStatus status, string reason) => db.Sessions
            .Where(s => s.Id == id)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(s => s.Status, status)
                    .SetProperty(s => s.EndReason, s => s.EndReason ?? reason)
                    .SetProperty(s => s.EndedAt, s => s.EndedAt ?? Now),
                cancellationToken);
    }

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];

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
            await changes.CommitAsync([clientId], () => db.Sessions
                .Where(s => s.ClientId == clientId)
                .Remembered()
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Removed), cancellationToken), cancellationToken);
        }

        return ended;
    }

    /// <summary>"Remove" on a remembered entry: it leaves the client's list.</summary>
    public async Task ForgetAsync(string clientId, string sessionId, CancellationToken cancellationToken)
    {
        await changes.CommitAsync([clientId], () => db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Removed), cancellationToken), cancellationToken);
    }

    /// <summary>The pending session's task is done: it is active again, and counts as just verified.</summary>
    public async Task ActivatePendingAsync(string clientId, string sessionId, CancellationToken cancellationToken)
    {
        var now = Now;
        await changes.CommitAsync([clientId], () => db.Sessions
            .Where(s => s.Id == sessionId && s.Status == SessionStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Active).SetProperty(s => s.VerifiedAt, now), cancellationToken), cancellationToken);
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

        // Only the rows read here change, so only their browsers need to hear of it.
        var ids = ending.Select(e => e.Id).ToList();
        await changes.CommitAsync([.. ending.Select(e => e.ClientId).Distinct()], () => signedIn
            .Where(s => ids.Contains(s.Id))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(s => s.Status, status)
                    .SetProperty(s => s.EndedAt, now)
                    .SetProperty(s => s.EndReason, reason),
                cancellationToken), cancellationToken);
        return [.. ending.Select(e => (e.UserId, (string?)e.Id))];
    }

    /// <summary>Marks this browser's lapsed sessions expired, in the records and in the returned list.</summary>
    private async Task<IReadOnlyList<ClientSession>> ExpireLapsedAsync(
        string clientId, IReadOnlyList<ClientSession> sessions, DateTime now, CancellationToken cancellationToken)
    {
        var updated = sessions.ToArray();
        await changes.CommitAsync([clientId], async () =>
        {
            for (var i = 0; i < updated.Length; i++)
            {
                if (updated[i].IsSignedIn && LapseReason(updated[i].ExpireAt, updated[i].LastActiveAt, now) is { } reason)
                {
                    var id = updated[i].Id;
                    await ExpireAsync(db.Sessions.Where(s => s.Id == id), reason, cancellationToken);
                    updated[i] = updated[i] with { Status = SessionStatus.Expired };
                }
            }
        }, cancellationToken);
        return updated;
    }

    private string? LapseReason(DateTime expireAt, DateTime lastActiveAt, DateTime now) =>
        expireAt <= now ? EndReasons.Lifetime
        : settings.Value.InactivityTimeout is { } idle && lastActiveAt + idle <= now ? EndReasons.Inactivity
        : null;
}
