using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>The account menu drawn once and reused, and never once it no longer shows what is true, nor to anyone else.</summary>
public sealed class AccountMenuCacheTests
{
    [Fact]
    public async Task TheNextPageOfAnUnchangedBrowserReusesTheMenuItsLastPageDrew()
    {
        using var app = new AppFactory();
        var cache = app.Services.GetRequiredService<AccountMenuCache>();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        await browser.SignInAsync(await app.CreateUserAsync());

        var first = await browser.GetAsync("/");
        var held = cache.Count;
        var second = await browser.GetAsync("/");

        Assert.Equal(held, cache.Count);
        Assert.True(held > 0);
        Assert.Equal(Menu(first), Menu(second));
    }

    [Fact]
    public async Task ANameChangedInTheDatabaseShowsInTheMenuOnceTheBrowsersRecordsAreRead()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sessions:ClientCacheMaxAge"] = "00:00:20" } };
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        Assert.Contains(ann.Name, Menu(await browser.GetAsync("/")), StringComparison.Ordinal);

        // Past the app: nothing drops the browser's records, so the menu may show the old name until
        // they are read again, and not one page longer.
        await app.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Users\" SET \"Name\" = 'Ann Renamed' WHERE \"Email\" = {ann.Email}"));
        app.Time.Advance(TimeSpan.FromSeconds(20));
        var menu = Menu(await browser.GetAsync("/"));

        Assert.Contains("Switch to Ann Renamed", menu, StringComparison.Ordinal);
        Assert.DoesNotContain(ann.Name, menu, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherBrowserWithTheSameAccountsOnTheSamePageGetsAMenuOfItsOwn()
    {
        using var app = new AppFactory();
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var mine = app.NewBrowser();
        using var theirs = app.NewBrowser();
        foreach (var browser in new[] { mine, theirs })
        {
            await browser.SignInAsync(ann);
            await browser.SignInAsync(bob);
        }

        await mine.GetAsync("/");
        var page = await theirs.GetAsync("/");

        var sessions = (await theirs.GetClientAsync()).Sessions.Select(s => s.Id).ToHashSet();
        var named = page.Document.QuerySelectorAll(".account-menu button[name=SessionId], .account-menu input[name=SessionId]")
            .Select(e => e.GetAttribute("value")!).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, id => Assert.Contains(id, sessions));

        // Its token is its own too: a token of the other browser would be refused.
        var switched = await theirs.SubmitAndFollowAsync(page, page.Form("/accounts/switch", $"Switch to {ann.Name}"));
        Assert.Equal(ann.Email, switched.ActingEmail);
    }

    private static string Menu(Page page) => page.Document.QuerySelector(".account-menu")?.OuterHtml ?? "";
}
