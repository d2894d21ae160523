using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Maintenance;
using MultiSessionWeb.Security;

namespace MultiSessionWeb.Tests.Infrastructure.Stories;

/// <summary>The shared attempt counts, told on each database, so SQLite and PostgreSQL read the one upsert alike.</summary>
internal static class LimitCounterStories
{
    public static async Task EachAttemptCountsOnceInItsWindowAndTheNextWindowStartsAtOneAsync(AppFactory app)
    {
        var store = app.Services.GetRequiredService<LimitCounterStore>();
        var key = NewKey();

        var counts = new List<LimitCount>();
        for (var i = 0; i < 3; i++)
        {
            counts.Add(await store.AddAsync("test", key, TimeSpan.FromMinutes(1), CancellationToken.None));
        }

        var otherKey = await store.AddAsync("test", NewKey(), TimeSpan.FromMinutes(1), CancellationToken.None);
        var otherKind = await store.AddAsync("other", key, TimeSpan.FromMinutes(1), CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var nextWindow = await store.AddAsync("test", key, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal([1, 2, 3], counts.Select(c => c.Count));
        Assert.All(counts, c => Assert.InRange(c.UntilWindowEnds, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1)));
        Assert.Equal(1, otherKey.Count);
        Assert.Equal(1, otherKind.Count);
        Assert.Equal(1, nextWindow.Count);
    }

    public static async Task AttemptsAtTheSameTimeEachGetACountOfTheirOwnAsync(AppFactory app)
    {
        var store = app.Services.GetRequiredService<LimitCounterStore>();
        var key = NewKey();

        var counts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.AddAsync("test", key, TimeSpan.FromHours(1), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 20), counts.Select(c => c.Count).Order());
    }

    public static async Task RetentionDeletesTheCountsOfClosedWindowsAndKeepsOpenOnesAsync(AppFactory app)
    {
        var store = app.Services.GetRequiredService<LimitCounterStore>();
        var (closing, open) = (NewKey(), NewKey());
        await store.AddAsync("test", closing, TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.AddAsync("test", open, TimeSpan.FromDays(1), CancellationToken.None);
        var before = await RowsAsync(app, closing, open);
        app.Time.Advance(TimeSpan.FromMinutes(1));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Retention>().RunAsync(batchSize: 10, CancellationToken.None);
        }

        Assert.Equal([closing, open], before);
        Assert.Equal([open], await RowsAsync(app, closing, open));
    }

    private static async Task<List<string>> RowsAsync(AppFactory app, params string[] keys)
    {
        var found = await app.QueryAsync(db => db.LimitCounters.Where(c => keys.Contains(c.Key)).Select(c => c.Key).ToListAsync());
        return [.. keys.Where(found.Contains)];
    }

    private static string NewKey() => $"key.{Guid.NewGuid():N}";
}
