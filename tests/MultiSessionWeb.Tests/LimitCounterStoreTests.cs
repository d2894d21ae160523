using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Security;
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

    [Fact]
    public async Task CountedInTheDatabaseTheLimitsRefuseAsInMemoryWithThe429PageAndRetryAfter()
    {
        using var app = new AppFactory
        {
            ExtraSettings =
            {
                ["RateLimits:CountInDatabase"] = "true",
                ["RateLimits:SignInPerAddressPerMinute"] = "3",
                ["RateLimits:PerIdentifierPerMinute"] = "2",
            },
        };
        var ann = await app.CreateUserAsync();

        // Per address: three sign-in posts a minute, each for another email.
        using var browser = app.NewBrowser();
        var perAddress = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            var page = await browser.GetAsync("/sign-in");
            perAddress.Add(await browser.SubmitAsync(page, page.Form("/sign-in"), new Dictionary<string, string> { ["Email"] = $"other.{i}.{Guid.NewGuid():N}@example.test", ["Password"] = "wrong" }));
        }

        // Per identifier: two password checks a minute for Ann's email, from any address.
        var perIdentifier = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            using var elsewhere = app.NewBrowser();
            var page = await elsewhere.GetAsync("/sign-in");
            perIdentifier.Add(await elsewhere.SubmitAsync(page, page.Form("/sign-in"), Scenarios.Credentials(ann with { Password = "wrong" })));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], perAddress.Select(r => r.StatusCode));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], perIdentifier.Select(r => r.StatusCode));
        foreach (var refused in new[] { perAddress[^1], perIdentifier[^1] })
        {
            Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
            Assert.Contains("Too many attempts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var kinds = await app.QueryAsync(db => db.LimitCounters.Select(c => c.Kind).Distinct().ToListAsync());
        Assert.Contains(RateLimitPolicies.SignIn, kinds);
        Assert.Contains(IdentifierLimiter.Kind, kinds);
    }

    private static AppFactory NewApp() => new() { ExtraSettings = { ["Sessions:CleanupInterval"] = "30.00:00:00" } };
}
