using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Api;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>The client's JSON written once and reused, and never once it no longer says what is true, nor to anyone else.</summary>
public sealed class ClientJsonCacheTests
{
    [Fact]
    public async Task TheNextRequestOfAnUnchangedBrowserReusesTheJsonItsLastOneWrote()
    {
        using var app = new AppFactory();
        var cache = app.Services.GetRequiredService<ClientJsonCache>();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        await browser.SignInAsync(await app.CreateUserAsync());

        var first = await browser.Http.GetStringAsync("/api/client");
        var held = cache.Count;
        var second = await browser.Http.GetStringAsync("/api/client");

        Assert.True(held > 0);
        Assert.Equal(held, cache.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task AFactorsAgeCountsOnEveryWholeMinute()
    {
        using var app = new AppFactory();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        app.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([0, -1], (await browser.GetClientAsync()).Sessions.Single().FactorVerificationAge);

        // Half a minute later the answer above is still fresh, but no longer true.
        app.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([1, -1], (await browser.GetClientAsync()).Sessions.Single().FactorVerificationAge);
    }

    [Fact]
    public void TheSameListWithOtherFactorAgesOrAnotherActiveSessionIsAnotherAnswer()
    {
        var state = new ClientState("client_a", new List<ClientSession>(), "sess_a");
        var key = new ClientJsonKey(state, [0, -1]);

        Assert.True(ClientJsonKey.Comparer.Equals(key, new ClientJsonKey(state with { }, [0, -1])));
        Assert.False(ClientJsonKey.Comparer.Equals(key, new ClientJsonKey(state, [1, -1])));
        Assert.False(ClientJsonKey.Comparer.Equals(key, new ClientJsonKey(state with { ActiveSessionId = "sess_b" }, [0, -1])));
        Assert.False(ClientJsonKey.Comparer.Equals(key, new ClientJsonKey(state with { Sessions = new List<ClientSession>() }, [0, -1])));
    }

    [Fact]
    public async Task ANameChangedInTheDatabaseShowsOnceTheBrowsersRecordsAreRead()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sessions:ClientCacheMaxAge"] = "00:00:20" } };
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        Assert.Equal(ann.Name, (await browser.GetClientAsync()).Sessions.Single().User.Name);

        await app.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Users\" SET \"Name\" = 'Ann Renamed' WHERE \"Email\" = {ann.Email}"));
        app.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal("Ann Renamed", (await browser.GetClientAsync()).Sessions.Single().User.Name);
    }

    [Fact]
    public async Task AnotherBrowserWithTheSameAccountGetsItsOwnClient()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var mine = app.NewBrowser();
        using var theirs = app.NewBrowser();
        await mine.SignInAsync(ann);
        await theirs.SignInAsync(ann);

        var myClient = await mine.GetClientAsync();
        var theirClient = await theirs.GetClientAsync();

        Assert.NotEqual(myClient.Id, theirClient.Id);
        Assert.NotEqual(myClient.Sessions.Single().Id, theirClient.Sessions.Single().Id);
    }
}
