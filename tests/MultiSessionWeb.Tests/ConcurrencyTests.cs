using System.Net;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class ConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task SignInsPostedFromSeveralTabsAtOnceAllEndUpInTheBrowser()
    {
        var users = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await app.CreateUserAsync());
        }

        using var browser = app.NewBrowser();
        // Six tabs open the sign-in page of a browser that has never signed in, then all submit at once.
        var tabs = new List<Page>();
        for (var i = 0; i < users.Count; i++)
        {
            tabs.Add(await browser.GetAsync("/sign-in"));
        }

        var responses = await Task.WhenAll(users.Select((user, i) =>
            browser.SubmitAsync(tabs[i], tabs[i].Form("/sign-in"), Scenarios.Credentials(user))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var client = await browser.GetClientAsync();
        Assert.Equal(users.Select(u => u.Email).Order(), client.Sessions.Select(s => s.User.Email).Order());
        Assert.Equal(Enumerable.Range(0, users.Count), client.Sessions.Select(s => s.Slot).Order());
        Assert.Contains(client.Sessions, s => s.Id == client.LastActiveSessionId);
    }

    [Fact]
    public async Task WhicheverOfTwoTabsSignInsSetsTheCookieLastTheBrowserKeepsBothAccounts()
    {
        var (ann, bob, carol) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var tabs = new[] { await browser.GetAsync("/sign-in"), await browser.GetAsync("/sign-in") };

        var responses = await Task.WhenAll(
            browser.SubmitAsync(tabs[0], tabs[0].Form("/sign-in"), Scenarios.Credentials(bob)),
            browser.SubmitAsync(tabs[1], tabs[1].Form("/sign-in"), Scenarios.Credentials(carol)));

        foreach (var response in responses)
        {
            // This tab's response arrives last and its cookie overwrites the other tab's.
            browser.SetClientCookie(Assert.IsType<string>(Browser.ClientCookieSetBy(response)));
            var (emails, _) = await browser.AccountsAsync();
            Assert.Equal(new[] { ann.Email, bob.Email, carol.Email }.Order(), emails.Order());
        }
    }

    [Fact]
    public async Task TheSameAccountSignedInFromTwoTabsAtOnceGetsOneSession()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var tabs = new[] { await browser.GetAsync("/sign-in"), await browser.GetAsync("/sign-in"), await browser.GetAsync("/sign-in") };

        await Task.WhenAll(tabs.Select(tab => browser.SubmitAsync(tab, tab.Form("/sign-in"), Scenarios.Credentials(ann))));

        var client = await browser.GetClientAsync();
        Assert.Equal([ann.Email], client.Sessions.Select(s => s.User.Email));
    }
}
