using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Tests.Infrastructure.Stories;

namespace MultiSessionWeb.Tests;

public sealed class ConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public Task SignInsPostedFromSeveralTabsAtOnceAllEndUpInTheBrowser() => CoreFlowStories.SignInsPostedFromSeveralTabsAtOnceAllEndUpInTheBrowserAsync(app);

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
    public Task TheSameAccountSignedInFromTwoTabsAtOnceGetsOneSession() => CoreFlowStories.TheSameAccountSignedInFromTwoTabsAtOnceGetsOneSessionAsync(app);
}
