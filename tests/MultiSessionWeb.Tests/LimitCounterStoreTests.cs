using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Tests.Infrastructure.Stories;

namespace MultiSessionWeb.Tests;

public sealed class LimitCounterStoreTests
{
    [Fact]
    public async Task EachAttemptCountsOnceInItsWindowAndTheNextWindowStartsAtOne()
    {
        using var app = NewApp();
        await LimitCounterStories.EachAttemptCountsOnceInItsWindowAndTheNextWindowStartsAtOneAsync(app);
    }

    [Fact]
    public async Task AttemptsAtTheSameTimeEachGetACountOfTheirOwn()
    {
        using var app = NewApp();
        await LimitCounterStories.AttemptsAtTheSameTimeEachGetACountOfTheirOwnAsync(app);
    }

    [Fact]
    public async Task RetentionDeletesTheCountsOfClosedWindowsAndKeepsOpenOnes()
    {
        using var app = NewApp();
        await LimitCounterStories.RetentionDeletesTheCountsOfClosedWindowsAndKeepsOpenOnesAsync(app);
    }

    private static AppFactory NewApp() => new() { ExtraSettings = { ["Sessions:CleanupInterval"] = "30.00:00:00" } };
}
