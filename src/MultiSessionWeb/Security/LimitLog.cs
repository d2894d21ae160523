using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Security;

/// <summary>
/// Sliding-window counts kept in the database (<see cref="LimitEvent"/>), for the limits every
/// instance must agree on: wrong passwords per address, texts per number and per account.
/// </summary>
public sealed class LimitLog(AppDbContext db, TimeProvider time)
{
    /// <summary>Rows older than this are deleted by the cleanup; no limit looks further back.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);

    public Task<int> CountAsync(string kind, string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - window;
        return db.LimitEvents.CountAsync(e => e.Kind == kind && e.Key == key && e.OccurredAt > since, cancellationToken);
    }

    /// <summary>Null while <paramref name="key"/> had fewer than <paramref name="limit"/> rows in the window; else how long until it has.</summary>
    public async Task<TimeSpan?> WaitAsync(string kind, string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - window;
        var newest = await db.LimitEvents
            .Where(e => e.Kind == kind && e.Key == key && e.OccurredAt > since)
            .OrderByDescending(e => e.OccurredAt)
            .Select(e => e.OccurredAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return newest.Count < limit ? null : newest[^1] + window - now;
    }

    public async Task AddAsync(string kind, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.LimitEvents.AddRange(keys.Select(key => new LimitEvent { Kind = kind, Key = key, OccurredAt = now }));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task AddAsync(string kind, string key, CancellationToken cancellationToken) => AddAsync(kind, [key], cancellationToken);

    /// <summary>Deletes rows older than <see cref="Retention"/>, oldest first, in batches; returns how many went.</summary>
    public async Task<int> DeleteExpiredAsync(int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - Retention;
        var deleted = 0;
        while (true)
        {
            var batch = await db.LimitEvents.Where(e => e.OccurredAt < cutoff).OrderBy(e => e.OccurredAt).Select(e => e.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }

            deleted += await db.LimitEvents.Where(e => batch.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
