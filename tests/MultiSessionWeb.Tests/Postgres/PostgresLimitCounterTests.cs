using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Tests.Infrastructure.Stories;

namespace MultiSessionWeb.Tests.Postgres;

/// <summary>The shared attempt counts on PostgreSQL, where several instances use them.</summary>
public sealed class PostgresLimitCounterTests(PostgresAppFactory app) : IClassFixture<PostgresAppFactory>
{
    [PostgresFact]
    public Task EachAttemptCountsOnceInItsWindowAndTheNextWindowStartsAtOne() =>
        LimitCounterStories.EachAttemptCountsOnceInItsWindowAndTheNextWindowStartsAtOneAsync(app);

    [PostgresFact]
    public Task AttemptsAtTheSameTimeEachGetACountOfTheirOwn() =>
        LimitCounterStories.AttemptsAtTheSameTimeEachGetACountOfTheirOwnAsync(app);

    [PostgresFact]
    public Task RetentionDeletesTheCountsOfClosedWindowsAndKeepsOpenOnes() =>
        LimitCounterStories.RetentionDeletesTheCountsOfClosedWindowsAndKeepsOpenOnesAsync(app);
}
