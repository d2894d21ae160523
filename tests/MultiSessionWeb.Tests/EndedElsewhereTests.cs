using System.Net;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// The browser's active account, ended from another device or by time, is named once on the next page.
/// A test that moves the clock does so on an app of its own: the shared app's clock stays where it
/// started, so no test depends on which ran before it.
/// </summary>
public sealed class EndedElsewhereTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task TheNextPageSaysOnceThatTheActiveAccountWasSignedOutOnAnotherDevice()
    {
        var (ann, bob) = (await app.CreateUserAsync("Ann Example"), await app.CreateUserAsync("Bob Elsewhere"));
        using var browser = app.NewBrowser();
        await browser.SignInAsync(bob);
        await browser.SignInAsync(ann);

        await app.RevokeAsync(await browser.SessionIdOfAsync(ann));
        var page = await browser.GetAsync("/");

        Assert.Equal("Ann Example was signed out on another device.", page.Document.QuerySelector("main .notice")?.TextContent);
        Assert.Null(page.ActingEmail);
        Assert.Null((await browser.GetAsync("/")).Document.QuerySelector("main .notice"));
    }

    [Fact]
    public async Task ThePageThatNeedsAnAccountSendsToTheChooserAndTheChooserSaysWhy()
    {
        var ann = await app.CreateUserAsync("Ann Chooser");
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        await app.RevokeAsync(await browser.SessionIdOfAsync(ann));
        var response = await browser.GetRawAsync("/account/devices");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await browser.FollowAsync(response);

        Assert.Equal("/accounts", page.Path);
        Assert.Equal("Ann Chooser was signed out on another device.", page.Document.QuerySelector("main .notice")?.TextContent);
        Assert.Null((await browser.GetAsync("/accounts")).Document.QuerySelector("main .notice"));
    }

    [Fact]
    public async Task AnExpiredActiveAccountIsNamedAsExpired()
    {
        using var own = new AppFactory();
        var ann = await own.CreateUserAsync("Ann Expiring");
        using var browser = own.NewBrowser();
        await browser.SignInAsync(ann);

        own.Time.Advance(TimeSpan.FromDays(8));
        var page = await browser.GetAsync("/");

        Assert.Equal("Ann Expiring's session expired. Sign in again to go on.", page.Document.QuerySelector("main .notice")?.TextContent);
    }

    [Fact]
    public async Task AnotherAccountEndedElsewhereLeavesTheActiveOneWithoutANotice()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(bob);
        await browser.SignInAsync(ann);

        await app.RevokeAsync(await browser.SessionIdOfAsync(bob));
        var page = await browser.GetAsync("/");

        Assert.Equal(ann.Email, page.ActingEmail);
        Assert.Null(page.Document.QuerySelector("main .notice"));
    }
}
