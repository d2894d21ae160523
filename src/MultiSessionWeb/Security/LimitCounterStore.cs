using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Security;

/// <summary>Where one attempt left its key's window: how many it is in the window, and how long until the window closes.</summary>
public sealed record LimitCount(int Count, TimeSpan UntilWindowEnds);

/// <summary>
/// Fixed-window attempt counts in the database (<see cref="LimitCounter"/>), so that every instance on
/// one database counts every attempt: each attempt is one upsert that returns the new count, atomic on
/// PostgreSQL and SQLite alike, with no read before it that two instances could both pass.
/// </summary>
/// <remarks>
/// A singleton with a scope per call: the rate limiter that asks holds no request scope of its own.
/// Windows start at multiples of their length since the Unix epoch, so every instance agrees on them.
/// </remarks>
public sealed class LimitCounterStore(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Counts one attempt by <paramref name="key"/> in the current <paramref name="window"/>.</summary>
    public async Task<LimitCount> AddAsync(string kind, string key, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var now = time.GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Ticks - ((now.Ticks - DateTime.UnixEpoch.Ticks) % window.Ticks), DateTimeKind.Utc);
        var end = start + window;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Both providers read this SQL alike: ON CONFLICT on the primary key, RETURNING the new count.
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO "LimitCounters" ("Kind", "Key", "WindowStart", "WindowEnd", "Count")
            VALUES ({kind}, {key}, {start}, {end}, 1)
            ON CONFLICT ("Kind", "Key", "WindowStart") DO UPDATE SET "Count" = "LimitCounters"."Count" + 1
            RETURNING "Count" AS "Value"
            """).ToListAsync(cancellationToken);
        return new LimitCount(counts.Single(), end - now);
    }

    /// <summary>Deletes the rows of windows that closed, one window end at a time (windows are aligned, so few); returns how many went.</summary>
    public async Task<int> DeleteClosedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var deleted = 0;
        while (await db.LimitCounters.Where(c => c.WindowEnd <= now).OrderBy(c => c.WindowEnd).Select(c => (DateTime?)c.WindowEnd).FirstOrDefaultAsync(cancellationToken) is { } oldest)
        {
            deleted += await db.LimitCounters.Where(c => c.WindowEnd == oldest).ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }
}
