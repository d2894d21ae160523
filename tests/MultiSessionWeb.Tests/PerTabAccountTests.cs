using System.Net;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class PerTabAccountTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ASlotPathActsAsThatAccountWhileTheActiveOneStaysAnother()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync("Ann First"), await app.CreateUserAsync("Bob Second"), await app.CreateUserAsync("Cat Third"));
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);

        var annTab = await browser.GetAsync("/u/0/account");
        var bobTab = await browser.GetAsync("/u/1/account");
        var plain = await browser.GetAsync("/account");

        Assert.Equal(ann.Name, annTab.Document.QuerySelector("main h1")!.TextContent);
        Assert.Equal(ann.Email, annTab.ActingEmail);
        Assert.Equal(bob.Name, bobTab.Document.QuerySelector("main h1")!.TextContent);
        Assert.Equal(cat.Name, plain.Document.QuerySelector("main h1")!.TextContent);
        Assert.Equal(cat.Email, (await browser.AccountsAsync()).Active);
    }

    [Fact]
    public async Task LinksOnASlotPageKeepThePrefix()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        var page = await browser.GetAsync("/u/0/");

        Assert.Equal("/u/0/", page.Document.QuerySelector("a.brand")!.GetAttribute("href"));
        Assert.Equal("/u/0/account", page.Document.QuerySelector(".account-menu a[href$='account']")!.GetAttribute("href"));
        // The banner names the account in words; the address is already in the address bar.
        var banner = page.Document.QuerySelector("header .tab-banner")!.TextContent;
        Assert.Contains(ann.Email, banner, StringComparison.Ordinal);
        Assert.DoesNotContain("/u/", banner, StringComparison.Ordinal);
        // Other accounts open in this tab under their own slot instead of switching the whole browser.
        Assert.NotNull(page.Document.QuerySelector(".account-menu .account-list a.account-row[href='/u/1/']"));
    }

    [Fact]
    public async Task TheMenuOffersEachOtherAccountInANewTab()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        var page = await browser.GetAsync("/");

        var link = page.Document.QuerySelector(".account-menu a[target=_blank]")!;
        Assert.Equal("/u/0/", link.GetAttribute("href"));
        Assert.Equal($"Open {ann.Email} in a new tab", link.GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData("/u/7/", "No account on this browser uses that address.")]
    [InlineData("/u/7/account", "No account on this browser uses that address.")]
    [InlineData("/u/abc/", "That address doesn't name an account.")]
    [InlineData("/u/-1/", "That address doesn't name an account.")]
    [InlineData("/u/99999999999/", "That address doesn't name an account.")]
    [InlineData("/u/01/", "That address doesn't name an account.")]
    public async Task AnUnknownSlotLandsOnTheChooserWithAMessage(string path, string message)
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var page = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/accounts", page.Path);
        Assert.Contains(message, page.Document.QuerySelector(".form-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlotPathWithoutATrailingSlashGetsOne()
    {
        using var browser = app.NewBrowser();

        var response = await browser.GetRawAsync("/u/2?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/u/2/?x=1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SigningOutOfAnotherAccountFromASlotTabKeepsTheTab()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        var bobSession = await browser.SessionIdOfAsync(bob);

        var annTab = await browser.GetAsync("/u/0/account");
        var form = annTab.Form("/accounts/sign-out");
        var page = await browser.SubmitAndFollowAsync(annTab, form, new Dictionary<string, string> { ["SessionId"] = bobSession });

        Assert.Equal("/u/0/account", page.Path);
        Assert.Equal(ann.Email, page.ActingEmail);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, cat.Email], emails);
        Assert.Equal(cat.Email, active);
    }
}
