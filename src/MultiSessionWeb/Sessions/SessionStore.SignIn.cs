using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

// A sign-in's record: the session it adds, and the slot race it may lose to another tab or instance.
public sealed partial class SessionStore
{
    /// <summary>Slots run from 0 to one below this; the client cookie stores a slot in one byte.</summary>
    public const int MaxSlots = 254;

    // Within one instance sign-ins of a browser are lined up (ClientLocks); this bounds the retries
    // when several instances race for the same browser's free slot.
    private const int MaxSlotRaces = 20;

    /// <summary>
    /// Adds a session for <paramref name="user"/> to the client, in its first free slot, unless the
    /// account is signed in there already or the browser has no room. Lost races for a slot are retried.
    /// </summary>
    public async Task<SignInOutcome> CreateSessionAsync(
        string clientId, User user, string method, SessionDevice device, CancellationToken cancellationToken)
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
                Status = user.MustResetPassword ? SessionStatus.Pending : SessionStatus.Active,
                Slot = slot,
                SignInMethod = method,
                CreatedAt = now,
                LastActiveAt = now,
                ExpireAt = now + settings.Value.MaxLifetime,
                VerifiedAt = now,
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
                await transaction.CommitAsync(cancellationToken);
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
                cancellationToken);
    }

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}

/// <summary>The browser a session is signed in on, as its request showed it.</summary>
public sealed record SessionDevice(string? UserAgent, string? IpAddress);
