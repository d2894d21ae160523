using System.Net;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// ASVS 7.2.4: a copy of the client cookie taken (or planted) before a sign-in never gains that
/// sign-in. A copy is a second browser whose jar holds the first one's client cookie.
/// A test that moves the clock does so on an app of its own: the shared app's clock stays where it
/// started, so no test depends on which ran before it.
/// </summary>
public sealed class SessionFixationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnAnonymousCookiePlantedBeforeTheSignInSeesNoAccountAfterIt()
    {
        var victim = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.GetAsync("/sign-in"); // the browser now holds a client cookie, with no account yet
        using var copy = CopyOf(browser);

        await browser.SignInAsync(victim);
        var sessionId = await browser.SessionIdOfAsync(victim);

        var home = await copy.GetAsync("/");
        Assert.DoesNotContain(victim.Email, home.Text, StringComparison.Ordinal);
        Assert.Empty((await copy.GetClientAsync()).Sessions);
        await PostAsync(copy, "/accounts/switch", sessionId);
        Assert.Empty((await copy.GetClientAsync()).Sessions);
        var account = await copy.GetRawAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("/sign-in", account.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal([victim.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task ACookieCopiedWhileSignedInToOneAccountDoesNotGainTheNextOne()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        using var copy = CopyOf(browser);

        await browser.SignInAsync(bob);
        var bobsSession = await browser.SessionIdOfAsync(bob);

        var client = await copy.GetClientAsync();
        Assert.DoesNotContain(client.Sessions, s => s.User.Email == bob.Email);
        Assert.DoesNotContain(bob.Email, (await copy.GetAsync("/accounts")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(bob.Email, (await copy.GetAsync("/u/1/")).Text, StringComparison.Ordinal);
        await PostAsync(copy, "/accounts/switch", bobsSession);
        Assert.NotEqual(bob.Email, (await copy.AccountsAsync()).Active);
        Assert.Equal([ann.Email, bob.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task AStaleCopyThatSignsInLaterGetsABrowserOfItsOwn()
    {
        using var own = new AppFactory();
        var (victim, intruder) = (await own.CreateUserAsync(), await own.CreateUserAsync());
        using var browser = own.NewBrowser();
        await browser.GetAsync("/sign-in");
        using var copy = CopyOf(own, browser);
        await browser.SignInAsync(victim);
        own.Time.Advance(TimeSpan.FromMinutes(1));

        await copy.SignInAsync(intruder);

        Assert.Equal([intruder.Email], (await copy.AccountsAsync()).Emails);
        Assert.NotEqual((await browser.GetClientAsync()).Id, (await copy.GetClientAsync()).Id);
        Assert.Equal([victim.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task SigningOutOfAllFromACopyLeavesTheAccountsItNeverHeldSignedIn()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        using var copy = CopyOf(browser);
        await browser.SignInAsync(bob);

        await copy.SignOutOfAllAsync();

        Assert.Equal([bob.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task TheBrowserItselfKeepsEveryAccountAcrossSignIns()
    {
        var users = new List<TestUser>();
        using var browser = app.NewBrowser();
        var cookies = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(await app.CreateUserAsync());
            await browser.SignInAsync(users[^1]);
            cookies.Add(browser.ClientCookie!);
            Assert.Equal(users.Select(u => u.Email), (await browser.AccountsAsync()).Emails);
        }

        await browser.SwitchToAsync(users[0]);
        Assert.Equal(users[0].Email, (await browser.AccountsAsync()).Active);
        Assert.Equal(4, cookies.Count);
    }

    [Fact]
    public async Task TwoSignInsPostedFromOneBrowserAtOnceBothStayListed()
    {
        for (var round = 0; round < 8; round++)
        {
            var (ann, bob, carol) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
            using var browser = app.NewBrowser();
            if (round % 2 == 1)
            {
                await browser.SignInAsync(ann);
            }

            var tabs = new[] { await browser.GetAsync("/sign-in"), await browser.GetAsync("/sign-in") };
            var responses = await Task.WhenAll(
                browser.SubmitAsync(tabs[0], tabs[0].Form("/sign-in"), Scenarios.Credentials(bob)),
                browser.SubmitAsync(tabs[1], tabs[1].Form("/sign-in"), Scenarios.Credentials(carol)));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
            var expected = (round % 2 == 1 ? new[] { ann.Email, bob.Email, carol.Email } : [bob.Email, carol.Email]).Order();
            Assert.Equal(expected, (await browser.AccountsAsync()).Emails.Order());
        }
    }

    [Fact]
    public async Task TenAccountsTakeAtMost600BytesOfCookie()
    {
        using var browser = app.NewBrowser();
        for (var i = 0; i < 10; i++)
        {
            await browser.SignInAsync(await app.CreateUserAsync());
        }

        Assert.Equal(10, (await browser.AccountsAsync()).Emails.Count);
        var cookie = $"{CookieNames.Client}={browser.ClientCookie}";
        Assert.True(cookie.Length <= 600, $"10 accounts take {cookie.Length} bytes.");
    }

    /// <summary>Posts a session id to a form action, with the browser's own antiforgery token.</summary>
    private static async Task PostAsync(Browser browser, string action, string sessionId)
    {
        var page = await browser.GetAsync("/sign-in");
        using var response = await browser.Http.PostAsync(
            action, Html.ContentOf(page.Form("/sign-in"), new Dictionary<string, string> { ["SessionId"] = sessionId }));
        // A real post of this browser (the token is bound to the client id the copy shares), refused
        // because the session is not one this cookie may act as: back to the chooser.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(MultiSessionDefaults.ChooserPath, response.Headers.Location?.OriginalString);
    }

    private Browser CopyOf(Browser browser) => CopyOf(app, browser);

    private static Browser CopyOf(AppFactory on, Browser browser)
    {
        var copy = on.NewBrowser();
        copy.SetClientCookie(browser.ClientCookie!);
        return copy;
    }
}
