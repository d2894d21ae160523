using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.TwoFactor;

/// <summary>What became of a half-done sign-in a browser asks to go on with.</summary>
public enum PendingSignInState
{
    Open,

    /// <summary>Unknown, of another browser, or past its five minutes: all look the same from outside.</summary>
    Gone,

    Locked,
}

/// <summary>
/// The half-done sign-ins: first factor proved, second not yet, no session. Each belongs to the browser
/// that began it, lasts five minutes and takes five wrong codes.
/// </summary>
public sealed class PendingSignIns(AppDbContext db, TimeProvider time, ILogger<PendingSignIns> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const int MaxFailures = 5;

    public async Task<string> StartAsync(string userId, string method, string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var pending = new PendingSignIn
        {
            Id = OpaqueId.New(OpaqueId.PendingSignInPrefix),
            UserId = userId,
            Method = method,
            BindingHash = Binding(clientId),
            CreatedAt = now,
            ExpireAt = now + Lifetime,
        };
        db.PendingSignIns.Add(pending);
        await db.SaveChangesAsync(cancellationToken);
        return pending.Id;
    }

    public async Task<(PendingSignInState State, PendingSignIn? SignIn)> FindAsync(string? id, string? clientId, CancellationToken cancellationToken)
    {
        if (clientId is null || id is null || id.Length > OpaqueId.MaxLength || !id.StartsWith(OpaqueId.PendingSignInPrefix, StringComparison.Ordinal))
        {
            return (PendingSignInState.Gone, null);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var found = await db.PendingSignIns.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.ExpireAt > now, cancellationToken);
        if (found is null || !CryptographicOperations.FixedTimeEquals(found.BindingHash, Binding(clientId)))
        {
            return (PendingSignInState.Gone, null);
        }

        return found.Failures >= MaxFailures ? (PendingSignInState.Locked, found) : (PendingSignInState.Open, found);
    }

    /// <summary>
    /// Counts one attempt before its code is compared, so codes sent at the same moment cannot all be
    /// compared against a count none of them has raised yet. False when no attempt is left.
    /// </summary>
    public async Task<bool> CountAttemptAsync(PendingSignIn pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return await db.PendingSignIns
            .Where(p => p.Id == pending.Id && p.Failures < MaxFailures)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Failures, p => p.Failures + 1), cancellationToken) == 1;
    }

    /// <summary>The counted attempt was wrong; true when it was the last one allowed.</summary>
    public async Task<bool> FailedAsync(PendingSignIn pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var failures = await db.PendingSignIns.Where(p => p.Id == pending.Id).Select(p => p.Failures).FirstOrDefaultAsync(cancellationToken);
        if (failures < MaxFailures)
        {
            return false;
        }

        Log.PendingSignInLocked(logger, pending.Id, pending.UserId, failures);
        return true;
    }

    /// <summary>
    /// Used up by a right code whose attempt was counted: true for the one request that ends it, so two
    /// racing right codes make one session.
    /// </summary>
    public async Task<bool> FinishAsync(string id, CancellationToken cancellationToken) =>
        await db.PendingSignIns.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;

    /// <summary>Deletes expired half-done sign-ins, <paramref name="batchSize"/> at a time.</summary>
    public async Task<int> DeleteExpiredAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var deleted = 0;
        while (true)
        {
            var batch = await db.PendingSignIns.Where(p => p.ExpireAt <= now).OrderBy(p => p.ExpireAt).Select(p => p.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }

            deleted += await db.PendingSignIns.Where(p => batch.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private static byte[] Binding(string clientId) => SHA256.HashData(Encoding.UTF8.GetBytes(clientId));
}
