using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

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

    private static ClientSessionCache NewCache(int size = 100) =>
        new(Options.Create(new SessionSettings { ClientCacheSize = size }));
}
