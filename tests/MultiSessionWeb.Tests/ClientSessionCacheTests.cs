using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class ClientSessionCacheTests
{
    private static readonly ClientRecords AnnsSessions = new(
        new ClientSecretHashes(ClientSecret.Hash(ClientSecret.New()), null, DateTime.UnixEpoch),
        [new("ses_a", 0, SessionStatus.Active, DateTime.UnixEpoch, DateTime.UnixEpoch, DateTime.UnixEpoch, DateTime.UnixEpoch, new SessionUser("usr_a", "ann@example.test", "Ann"))]);

    [Fact]
    public void AStoredReadIsServedUntilTheBrowserIsInvalidated()
    {
        using var cache = NewCache();
        cache.Store("cli_1", cache.VersionOf("cli_1"), AnnsSessions);

        Assert.True(cache.TryGet("cli_1", out var sessions));
        Assert.Same(AnnsSessions, sessions);
        Assert.False(cache.TryGet("cli_2", out _));

        cache.Invalidate("cli_1");
        Assert.False(cache.TryGet("cli_1", out _));
    }

    [Fact]
    public void AReadThatOverlappedAChangeIsNotKept()
    {
        using var cache = NewCache();
        var version = cache.VersionOf("cli_1");
        // The records change (and the entry is dropped) after the read began but before it is stored:
        // what was read may predate the change.
        cache.Invalidate("cli_1");

        cache.Store("cli_1", version, AnnsSessions);

        Assert.False(cache.TryGet("cli_1", out _));
        cache.Store("cli_1", cache.VersionOf("cli_1"), AnnsSessions);
        Assert.True(cache.TryGet("cli_1", out _));
    }

    [Fact]
    public void ClearDropsEveryBrowserAndEveryReadInFlight()
    {
        using var cache = NewCache();
        cache.Store("cli_1", cache.VersionOf("cli_1"), AnnsSessions);
        var inFlight = cache.VersionOf("cli_2");

        cache.Clear();
        cache.Store("cli_2", inFlight, AnnsSessions);

        Assert.False(cache.TryGet("cli_1", out _));
        Assert.False(cache.TryGet("cli_2", out _));
    }

    [Fact]
    public void SizeZeroKeepsNothing()
    {
        using var cache = NewCache(size: 0);
        cache.Store("cli_1", cache.VersionOf("cli_1"), AnnsSessions);
        Assert.False(cache.TryGet("cli_1", out _));
    }

    [Fact]
    public void AnEntryIsServedUntilItIsMaxAgeOldCountedFromWhenItsReadBegan()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var cache = NewCache(time: time, suspended: false);
        var read = cache.VersionOf("cli_1");
        time.Advance(TimeSpan.FromSeconds(10));
        cache.Store("cli_1", read, AnnsSessions);

        time.Advance(TimeSpan.FromSeconds(19));
        Assert.True(cache.TryGet("cli_1", out _));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet("cli_1", out _));
    }

    [Fact]
    public void ASuspendedCacheKeepsNothingAndResumingForgetsReadsThatBeganBefore()
    {
        using var cache = NewCache();
        cache.Store("cli_1", cache.VersionOf("cli_1"), AnnsSessions);

        cache.Suspend();
        Assert.False(cache.TryGet("cli_1", out _));
        var whileSuspended = cache.VersionOf("cli_2");
        cache.Store("cli_2", cache.VersionOf("cli_2"), AnnsSessions);
        Assert.False(cache.TryGet("cli_2", out _));

        cache.Resume();
        cache.Store("cli_2", whileSuspended, AnnsSessions);
        Assert.False(cache.TryGet("cli_2", out _));
        cache.Store("cli_2", cache.VersionOf("cli_2"), AnnsSessions);
        Assert.True(cache.TryGet("cli_2", out _));
    }

    [Fact]
    public void APostgresCacheStartsSuspended()
    {
        using var cache = NewCache(suspended: true);
        cache.Store("cli_1", cache.VersionOf("cli_1"), AnnsSessions);
        Assert.False(cache.TryGet("cli_1", out _));
    }

    [Fact]
    public async Task ASessionChangedInTheDatabaseByHandCountsOnceTheCachedListIsMaxAgeOld()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sessions:ClientCacheMaxAge"] = "00:00:20" } };
        var ann = await app.CreateUserAsync("Ann Operator");
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var sessionId = await browser.SessionIdOfAsync(ann);
        Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);

        // An operator ends the session with SQL, past the app: nothing drops the browser's entry.
        await app.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Sessions\" SET \"Status\" = 'Revoked' WHERE \"Id\" = {sessionId}"));

        app.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null((await browser.GetAsync("/")).ActingEmail);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("02:00:00")]
    public void AMaxAgeOutsideItsBoundsStopsTheStart(string maxAge)
    {
        using var app = new AppFactory { ExtraSettings = { ["Sessions:ClientCacheMaxAge"] = maxAge } };
        var error = Assert.ThrowsAny<Exception>(() => app.NewBrowser());
        Assert.Contains("Sessions:ClientCacheMaxAge", error.ToString(), StringComparison.Ordinal);
    }

    private static ClientSessionCache NewCache(int size = 100, TimeProvider? time = null, bool suspended = false) =>
        new(Options.Create(new SessionSettings { ClientCacheSize = size, ClientCacheMaxAge = TimeSpan.FromSeconds(30) }), time ?? TimeProvider.System, suspended);
}
