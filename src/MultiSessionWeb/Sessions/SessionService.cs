using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Observability;
using MultiSessionWeb.Security;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// The one place where sessions begin, change and end. Records are written here; the client cookie
/// follows through the multi-session scheme's sign-in and sign-out.
/// </summary>
public sealed class SessionService(
    AppDbContext db,
    TimeProvider time,
    SecurityActivity activity,
    ClientLocks locks,
    ClientSessionCache cache,
    IOptions<MultiSessionSettings> multiSession,
    IOptions<SessionLifetimeSettings> lifetime,
    SessionMetrics metrics,
    ILogger<SessionService> logger)
{
    /// <summary>How stale <c>LastActiveAt</c> may get before a request writes it: one write a minute, not one a request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a sign-in renewed a browser's secret a sign-in that still carries the secret
    /// before it counts as one that was already on its way: another tab posted it before the first
    /// tab's response (with the new cookie) had reached the browser. One network round trip and the
    /// rest of the first response fit easily; a copy of the cookie used later starts a browser of its own.
    /// </summary>
    public static readonly TimeSpan SignInOverlap = TimeSpan.FromSeconds(2);

    // Within one instance sign-ins of a browser are lined up (ClientLocks); this bounds the retries
    // when several instances race for the same browser's free slot.
    private const int MaxSlotRaces = 20;

    private static readonly SessionStatus[] SignedIn = [SessionStatus.Active, SessionStatus.Pending];

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

        var standing = Standing(records, credential.Secret, requestStartedAt);
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
    public static IQueryable<ClientSessionRow> ClientSessionsQuery(AppDbContext db, string clientId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Sessions
            .AsNoTracking()
            .Where(s => s.ClientId == clientId && s.Status != SessionStatus.Removed && s.Status != SessionStatus.Replaced)
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

    /// <summary>Null when one more account may be signed in to this browser now, else why not.</summary>
    public SignInOutcome? CheckRoomForAccount(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var count = http.GetClientState().SignedIn.Count;
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
            (clientId, var secret) = await RenewClientAsync(clientId, feature.Secret!, feature.StartedAt, http.RequestAborted);
            feature.Renew(clientId, secret);
            outcome = await CreateSessionAsync(http, clientId, user, method);
        }

        switch (outcome)
        {
            case SignInOutcome.Added added:
                Log.SessionCreated(logger, added.SessionId, user.Id, clientId, method);
                await activity.RecordAsync(user.Id, SecurityEventTypes.SignedIn, http, method, added.SessionId);
                await http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(clientId, added.SessionId));
                break;
            case SignInOutcome.AlreadySignedIn already:
                await http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(clientId, already.SessionId));
                break;
            case SignInOutcome.TooManyAccounts tooMany:
                Log.AccountLimitReached(logger, clientId, tooMany.Limit);
                break;
        }

        metrics.SignInAttempted(method, outcome, http.GetClientState().SignedIn.Count);

        return outcome;
    }

    /// <summary>Makes one of this browser's signed-in sessions the active one. Null when the browser holds no such session.</summary>
    public async Task<ClientSession?> SwitchAsync(HttpContext http, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = http.GetClientState();
        if (state.ClientId is null || state.Find(sessionId) is not { IsSignedIn: true } session)
        {
            return null;
        }

        await http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(state.ClientId, sessionId));
        metrics.Switched();
        return session;
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

        await EndAsync(db.Sessions.Where(s => s.Id == sessionId && s.ClientId == state.ClientId), SessionStatus.Removed, EndReasons.SignedOut, http.RequestAborted);
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
            await http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(state.ClientId, next.Id));
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

        await db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == state.ClientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Removed), http.RequestAborted);
        cache.Invalidate(state.ClientId);
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
            var held = state.SignedIn.Select(s => s.Id).ToList();
            var mine = proven ? db.Sessions.Where(s => s.ClientId == clientId) : db.Sessions.Where(s => s.ClientId == clientId && held.Contains(s.Id));
            List<(string UserId, string? SessionId)> ended;
            // Lined up with sign-ins from other tabs of this browser, so none lands between the two updates.
            using (await locks.EnterAsync(clientId, http.RequestAborted))
            {
                ended = await EndAsync(mine, SessionStatus.Removed, EndReasons.SignedOutAll, http.RequestAborted);
                // Remembered entries go too: "sign out of all" leaves nothing of this browser behind. A
                // session signed in since (by another instance) is left signed in rather than marked
                // removed without ever being ended.
                if (proven)
                {
                    await db.Sessions
                        .Where(s => s.ClientId == clientId && s.Status != SessionStatus.Removed && s.Status != SessionStatus.Replaced
                            && s.Status != SessionStatus.Active && s.Status != SessionStatus.Pending)
                        .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Removed), http.RequestAborted);
                }

                cache.Invalidate(clientId);
            }

            await activity.RecordAsync(ended, SecurityEventTypes.SignedOut, http, EndReasons.SignedOutAll);
            Log.SignedOutAll(logger, clientId);
            metrics.SignedOut("all", ended.Count);
        }

        await http.SignOutAsync(MultiSessionDefaults.AuthenticationScheme);
    }

    /// <summary>Ends one signed-in session from elsewhere (another device, an administrator). False when it was not signed in.</summary>
    public async Task<bool> RevokeAsync(string sessionId, string reason, HttpContext? http)
    {
        var ended = await EndAsync(db.Sessions.Where(s => s.Id == sessionId), SessionStatus.Revoked, reason, http?.RequestAborted ?? default);
        await activity.RecordAsync(ended, SecurityEventTypes.SessionRevoked, http, reason);
        return ended.Count > 0;
    }

    /// <summary>Ends every signed-in session of a user, except <paramref name="exceptSessionId"/>. Returns how many ended.</summary>
    public async Task<int> RevokeUserSessionsAsync(string userId, string? exceptSessionId, string reason, HttpContext? http)
    {
        var ended = await EndAsync(
            db.Sessions.Where(s => s.UserId == userId && s.Id != exceptSessionId), SessionStatus.Revoked, reason, http?.RequestAborted ?? default);
        await activity.RecordAsync(ended, SecurityEventTypes.SessionRevoked, http, reason);
        return ended.Count;
    }

    /// <summary>The user's name or email changed: every browser that lists the user shows the new one on its next request.</summary>
    public async Task UserChangedAsync(string userId, CancellationToken cancellationToken)
    {
        var clients = await db.Sessions
            .Where(s => s.UserId == userId && s.Status != SessionStatus.Removed && s.Status != SessionStatus.Replaced)
            .Select(s => s.ClientId)
            .ToListAsync(cancellationToken);
        Invalidate(clients);
    }

    /// <summary>Every signed-in session of a user, on every browser, newest activity first.</summary>
    public Task<List<DeviceSession>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken) =>
        db.Sessions
            .AsNoTracking()
            .Where(s => s.UserId == userId && (s.Status == SessionStatus.Active || s.Status == SessionStatus.Pending))
            .OrderByDescending(s => s.LastActiveAt)
            .Select(s => new DeviceSession(s.Id, s.ClientId, s.Status, s.SignInMethod, s.UserAgent, s.IpAddress, s.CreatedAt, s.LastActiveAt, s.ExpireAt))
            .ToListAsync(cancellationToken);

    /// <summary>True when the person proved it was them on this session within the reverification window (ASVS 7.5.2).</summary>
    public bool IsRecentlyVerified(ClientSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Now - session.VerifiedAt <= lifetime.Value.ReverificationWindow;
    }

    /// <summary>Notes that the person just entered their password again on this browser's <paramref name="sessionId"/>.</summary>
    public async Task VerifyAsync(HttpContext http, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var clientId = http.GetClientState().ClientId ?? throw new InvalidOperationException("The request has no client.");
        var now = Now;
        await db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.VerifiedAt, now), http.RequestAborted);
        cache.Invalidate(clientId);
    }

    /// <summary>Puts every signed-in session of the user on hold until the reset-password task is done.</summary>
    public async Task<int> MarkPendingAsync(string userId, CancellationToken cancellationToken)
    {
        var active = db.Sessions.Where(s => s.UserId == userId && s.Status == SessionStatus.Active);
        var clients = await active.Select(s => s.ClientId).ToListAsync(cancellationToken);
        var pending = await active.ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Pending), cancellationToken);
        Invalidate(clients);
        return pending;
    }

    /// <summary>
    /// The pending session's task is done: it becomes active, and the account's other sessions, which
    /// still knew the old password, end.
    /// </summary>
    public async Task CompleteTaskAsync(HttpContext http, ClientSession session)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(session);
        var now = Now;
        await db.Sessions
            .Where(s => s.Id == session.Id && s.Status == SessionStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Active).SetProperty(s => s.VerifiedAt, now), http.RequestAborted);
        cache.Invalidate(http.GetClientState().ClientId!);
        await RevokeUserSessionsAsync(session.User.Id, session.Id, EndReasons.PasswordChanged, http);
        await http.SignInAsync(MultiSessionDefaults.AuthenticationScheme, MultiSessionPrincipal.ForSignIn(http.GetClientState().ClientId!, session.Id));
    }

    /// <summary>
    /// Marks signed-in sessions past their lifetime expired and deletes records that ended longer ago
    /// than <see cref="SessionLifetimeSettings.RetainEndedFor"/>, in batches, so the table stays bounded.
    /// </summary>
    public async Task<CleanupResult> CleanUpAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = Now;
        var settings = lifetime.Value;
        var expired = await ExpireAsync(db.Sessions.Where(s => s.ExpireAt <= now), EndReasons.Lifetime, cancellationToken);
        var idle = settings.InactivityTimeout is { } timeout
            ? await ExpireAsync(db.Sessions.Where(s => s.LastActiveAt <= now - timeout), EndReasons.Inactivity, cancellationToken)
            : 0;

        var cutoff = now - settings.RetainEndedFor;
        var deleted = 0;
        while (true)
        {
            var batch = await db.Sessions
                .Where(s => s.EndedAt != null && s.EndedAt < cutoff)
                .OrderBy(s => s.EndedAt)
                .Select(s => s.Id)
                .Take(batchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            deleted += await db.Sessions.Where(s => batch.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        // Browsers with nothing left to list are forgotten with their last session.
        var clients = await db.Clients
            .Where(c => c.CreatedAt < cutoff && !db.Sessions.Any(s => s.ClientId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);

        if (deleted > 0)
        {
            // Remembered entries may be among the deleted rows; which browsers listed them is not worth a query.
            cache.Clear();
        }

        var result = new CleanupResult(expired + idle, deleted, clients);
        Log.CleanedUp(logger, result.Expired, result.Deleted, result.ClientsDeleted);
        return result;
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
            var signedIn = listed.Where(s => SignedIn.Contains(s.Status) && s.ExpireAt > now).ToList();

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

            // Signing in again takes the remembered entry's place, slot and all. In single-session
            // mode the browser's other remembered entries are replaced by this sign-in.
            var remembered = listed.Where(s => !signedIn.Contains(s)).ToList();
            var own = remembered.FirstOrDefault(s => s.UserId == user.Id);
            List<string> replaced = settings.Enabled ? [] : [.. remembered.Where(s => s != own).Select(s => s.Id)];
            var taken = listed.Where(s => s != own && !replaced.Contains(s.Id)).Select(s => s.Slot).ToHashSet();
            var slot = own?.Slot ?? Enumerable.Range(0, ClientCookieSerializer.MaxTickets).FirstOrDefault(n => !taken.Contains(n), -1);
            if (slot < 0)
            {
                // Hundreds of remembered entries: treat like the cap rather than fail.
                return new SignInOutcome.TooManyAccounts(settings.MaxAccountsPerClient);
            }

            var session = new Session
            {
                Id = OpaqueId.New(OpaqueId.SessionPrefix),
                ClientId = clientId,
                UserId = user.Id,
                Status = user.MustResetPassword ? SessionStatus.Pending : SessionStatus.Active,
                Slot = slot,
                SignInMethod = method,
                CreatedAt = now,
                LastActiveAt = now,
                ExpireAt = now + lifetime.Value.MaxLifetime,
                VerifiedAt = now,
                UserAgent = Truncate(http.Request.Headers.UserAgent.ToString(), Limits.UserAgentLength),
                IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            };
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
                if (own is not null)
                {
                    await Unlist(own.Id, SessionStatus.Removed, EndReasons.SignedInAgain);
                }

                foreach (var id in replaced)
                {
                    await Unlist(id, SessionStatus.Replaced, EndReasons.ReplacedBySignIn);
                }

                db.Sessions.Add(session);
                await db.SaveChangesAsync(http.RequestAborted);
                await transaction.CommitAsync(http.RequestAborted);
                cache.Invalidate(clientId);
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
                http.RequestAborted);
    }

    /// <summary>
    /// The client a sign-in adds its session to, and the secret the browser's cookie carries from now
    /// on. A cookie with the client's current secret (or a browser's first sign-in) renews the secret.
    /// A cookie with the secret from just before, on a request that arrived while that renewal was under
    /// way, is another tab of the same browser: it is handed the current secret without renewing it
    /// again, so whichever of the two responses the browser keeps, it proves the current secret. Any
    /// other cookie is a copy taken before a sign-in, and starts a client of its own.
    /// </summary>
    private async Task<(string ClientId, byte[] Secret)> RenewClientAsync(
        string clientId, byte[] presented, DateTime requestStartedAt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = Now;
            var next = ClientSecret.New();
            var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clientId, cancellationToken);
            if (client is null)
            {
                db.Clients.Add(new Client
                {
                    Id = clientId,
                    CreatedAt = now,
                    SecretHash = ClientSecret.Hash(next),
                    PreviousSecretHash = ClientSecret.Hash(presented),
                    SealedSecret = ClientSecret.Seal(next, presented),
                    SecretRotatedAt = now,
                });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    cache.Invalidate(clientId);
                    return (clientId, next);
                }
                catch (DbUpdateException) when (attempt < MaxSlotRaces)
                {
                    // Another instance made this browser's first sign-in a moment ago; look again.
                    db.ChangeTracker.Clear();
                    continue;
                }
            }

            if (client.SecretHash is null || ClientSecret.Matches(presented, client.SecretHash))
            {
                var expected = client.SecretHash;
                var renewed = await db.Clients
                    .Where(c => c.Id == clientId && c.SecretHash == expected)
                    .ExecuteUpdateAsync(
                        set => set
                            .SetProperty(c => c.SecretHash, ClientSecret.Hash(next))
                            .SetProperty(c => c.PreviousSecretHash, ClientSecret.Hash(presented))
                            .SetProperty(c => c.SealedSecret, ClientSecret.Seal(next, presented))
                            .SetProperty(c => c.SecretRotatedAt, now),
                        cancellationToken);
                cache.Invalidate(clientId);
                if (renewed == 1 || attempt >= MaxSlotRaces)
                {
                    return renewed == 1 ? (clientId, next) : await NewClientAsync();
                }

                // Another instance renewed it between the read and the write; look again.
                continue;
            }

            if (ClientSecret.Matches(presented, client.PreviousSecretHash)
                && client.SealedSecret is { Length: ClientSecret.ByteLength } sealedSecret
                && requestStartedAt <= client.SecretRotatedAt + SignInOverlap)
            {
                var current = ClientSecret.Unseal(sealedSecret, presented);
                if (ClientSecret.Matches(current, client.SecretHash))
                {
                    return (clientId, current);
                }
            }

            Log.StaleCookieSignedIn(logger, clientId);
            return await NewClientAsync();
        }

        async Task<(string, byte[])> NewClientAsync()
        {
            var fresh = OpaqueId.New(OpaqueId.ClientPrefix);
            var secret = ClientSecret.New();
            db.Clients.Add(new Client { Id = fresh, CreatedAt = Now, SecretHash = ClientSecret.Hash(secret), SecretRotatedAt = Now });
            await db.SaveChangesAsync(cancellationToken);
            return (fresh, secret);
        }
    }

    private static CookieStanding Standing(ClientRecords records, byte[] presented, DateTime requestStartedAt) =>
        records.Sessions.Count == 0 || ClientSecret.Matches(presented, records.Secret?.Current) ? CookieStanding.Current
        : ClientSecret.Matches(presented, records.Secret?.Previous) && requestStartedAt <= records.Secret!.RotatedAt + SignInOverlap
            ? CookieStanding.Previous
        : CookieStanding.Stale;

    /// <summary>Ends the signed-in sessions among <paramref name="sessions"/>; returns which ended, for the activity record.</summary>
    private async Task<List<(string UserId, string? SessionId)>> EndAsync(
        IQueryable<Session> sessions, SessionStatus status, string reason, CancellationToken cancellationToken)
    {
        var now = Now;
        var signedIn = sessions.Where(s => s.Status == SessionStatus.Active || s.Status == SessionStatus.Pending);
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

    /// <summary>
    /// Marks the signed-in sessions among <paramref name="sessions"/> expired in one statement. Unlike
    /// <see cref="EndAsync"/> it loads nothing: an expiry is not an event in anyone's activity, and
    /// after downtime the cleanup may expire many thousands at once.
    /// </summary>
    private Task<int> ExpireAsync(IQueryable<Session> sessions, string reason, CancellationToken cancellationToken)
    {
        var now = Now;
        return sessions
            .Where(s => s.Status == SessionStatus.Active || s.Status == SessionStatus.Pending)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(s => s.Status, SessionStatus.Expired)
                    .SetProperty(s => s.EndedAt, now)
                    .SetProperty(s => s.EndReason, reason),
                cancellationToken);
    }

    /// <summary>Has the scheme drop the session's ticket, or the whole cookie when nothing is left to list.</summary>
    private static Task ForgetTicketAsync(HttpContext http, string sessionId) => http.SignOutAsync(
        MultiSessionDefaults.AuthenticationScheme,
        new AuthenticationProperties { Items = { [MultiSessionDefaults.SessionIdItem] = sessionId } });

    private string? LapseReason(DateTime expireAt, DateTime lastActiveAt, DateTime now) =>
        expireAt <= now ? EndReasons.Lifetime
        : lifetime.Value.InactivityTimeout is { } idle && lastActiveAt + idle <= now ? EndReasons.Inactivity
        : null;

    private static string? Truncate(string value, int length) =>
        value.Length == 0 ? null : value.Length <= length ? value : value[..length];
}

/// <summary>A user's session as the devices page and the administration show it.</summary>
public sealed record DeviceSession(
    string Id,
    string ClientId,
    SessionStatus Status,
    string SignInMethod,
    string? UserAgent,
    string? IpAddress,
    DateTime CreatedAt,
    DateTime LastActiveAt,
    DateTime ExpireAt)
{
    public string Device => DeviceDescription.Describe(UserAgent);
}

public sealed record CleanupResult(int Expired, int Deleted, int ClientsDeleted);
