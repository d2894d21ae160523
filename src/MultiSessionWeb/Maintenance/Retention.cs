using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.Passkeys;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.TwoFactor;

namespace MultiSessionWeb.Maintenance;

/// <summary>
/// Keeps every table that grows with use bounded: sessions past their lifetime are expired, and old
/// session records, one-time codes, security events, limit events and the counts of closed
/// limit windows are deleted, in batches.
/// </summary>
public sealed class Retention(
    AppDbContext db,
    TimeProvider time,
    SessionStore sessions,
    ClientChanges changes,
    CodeService codes,
    SecurityActivity activity,
    LimitLog limits,
    LimitCounterStore counters,
    PendingSignIns pendingSignIns,
    PasskeyStore passkeys,
    IOptions<SessionSettings> settings,
    ILogger<Retention> logger)
{
    /// <summary>One round over every table, in the order the worker has always run them.</summary>
    public async Task RunAsync(int batchSize, CancellationToken cancellationToken)
    {
        await CleanUpSessionsAsync(batchSize, cancellationToken);
        await codes.DeleteExpiredAsync(batchSize, cancellationToken);
        await activity.DeleteOlderThanAsync(settings.Value.RetainSecurityEventsFor, batchSize, cancellationToken);
        await limits.DeleteExpiredAsync(batchSize, cancellationToken);
        await counters.DeleteClosedAsync(cancellationToken);
        await pendingSignIns.DeleteExpiredAsync(batchSize, cancellationToken);
        await passkeys.DeleteExpiredNoncesAsync(cancellationToken);
    }

    /// <summary>
    /// Marks signed-in sessions past their lifetime expired and deletes records that ended longer ago
    /// than <see cref="SessionSettings.RetainEndedFor"/>, in batches, so the table stays bounded.
    /// </summary>
    public async Task<CleanupResult> CleanUpSessionsAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var retention = settings.Value;
        var expired = await sessions.ExpireAsync(db.Sessions.Where(s => s.ExpireAt <= now), EndReasons.Lifetime, cancellationToken);
        var idle = retention.InactivityTimeout is { } timeout
            ? await sessions.ExpireAsync(db.Sessions.Where(s => s.LastActiveAt <= now - timeout), EndReasons.Inactivity, cancellationToken)
            : 0;

        var cutoff = now - retention.RetainEndedFor;
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

            // Remembered entries may be among the deleted rows; which browsers listed them is not worth a query.
            deleted += await changes.CommitAsync(
                [ClientChanges.Everyone], () => db.Sessions.Where(s => batch.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken), cancellationToken);
        }

        // Browsers with nothing left to list are forgotten with their last session.
        var clients = await db.Clients
            .Where(c => c.CreatedAt < cutoff && !db.Sessions.Any(s => s.ClientId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);

        var result = new CleanupResult(expired + idle, deleted, clients);
        Log.CleanedUp(logger, result.Expired, result.Deleted, result.ClientsDeleted);
        return result;
    }
}
