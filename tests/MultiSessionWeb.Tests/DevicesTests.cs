using System.Net;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class DevicesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    [Fact]
    public async Task TheDevicesPageListsEverySessionOfTheAccountAndMarksThisOne()
    {
        var ann = await app.CreateUserAsync();
        using var laptop = BrowserWith(Firefox);
        using var desktop = BrowserWith(Chrome);
        await laptop.SignInAsync(ann);
        await desktop.SignInAsync(ann);

        var page = await laptop.GetAsync("/account/devices");

        var devices = page.Document.QuerySelectorAll(".device-list__item").Select(d => d.TextContent).ToList();
        Assert.Equal(2, devices.Count);
        Assert.Single(devices, d => d.Contains("Firefox 140 on Linux", StringComparison.Ordinal) && d.Contains("This device", StringComparison.Ordinal));
        Assert.Single(devices, d => d.Contains("Chrome 156 on Windows", StringComparison.Ordinal) && !d.Contains("This device", StringComparison.Ordinal));
        Assert.All(devices, d => Assert.Contains("last active", d, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigningAnotherDeviceOutEndsItThereOnItsNextRequest()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var laptop = BrowserWith(Firefox);
        using var desktop = BrowserWith(Chrome);
        await laptop.SignInAsync(ann);
        await desktop.SignInAsync(bob);
        await desktop.SignInAsync(ann);

        var page = await laptop.GetAsync("/account/devices");
        page = await laptop.SubmitAndFollowAsync(page, page.Form("/account/devices/sign-out", "Chrome 156 on Windows"));

        Assert.Contains("That device was signed out.", page.Text, StringComparison.Ordinal);
        var (emails, active) = await desktop.AccountsAsync();
        Assert.Equal([bob.Email], emails);
        Assert.Null(active);
        Assert.Equal([(ann.Email, "revoked")], await desktop.RememberedAsync());
        Assert.Equal(ann.Email, (await laptop.GetAsync("/")).ActingEmail);
    }

    [Fact]
    public async Task TenMinutesAfterSignInThePasswordIsAskedForAgain()
    {
        using var ownApp = new AppFactory();
        var ann = await ownApp.CreateUserAsync();
        using var laptop = ownApp.NewBrowser();
        using var desktop = ownApp.NewBrowser();
        await laptop.SignInAsync(ann);
        await desktop.SignInAsync(ann);
        var desktopSession = await desktop.SessionIdOfAsync(ann);
        var page = await laptop.GetAsync("/account/devices");
        var staleForm = page.Form("/account/devices/sign-out");

        ownApp.Time.Advance(TimeSpan.FromMinutes(11));

        // The server refuses, whatever the page showed.
        var refused = await laptop.SubmitAndFollowAsync(page, staleForm);
        Assert.Contains("Confirm your password first", refused.Text, StringComparison.Ordinal);
        Assert.Empty(refused.Document.QuerySelectorAll("form[action$='/account/devices/sign-out']"));
        Assert.Equal(SessionStatus.Active, (await ownApp.GetSessionAsync(desktopSession)).Status);

        var wrong = await laptop.SubmitAndFollowAsync(refused, refused.Form("/account/devices/confirm"), new Dictionary<string, string> { ["Input.Password"] = "wrong password" });
        Assert.Equal("That is not your password.", wrong.Document.QuerySelector("#Input_Password-error")!.TextContent.Trim());

        var confirmed = await laptop.SubmitAndFollowAsync(wrong, wrong.Form("/account/devices/confirm"), new Dictionary<string, string> { ["Input.Password"] = ann.Password });
        var done = await laptop.SubmitAndFollowAsync(confirmed, confirmed.Form("/account/devices/sign-out"));
        Assert.Contains("That device was signed out.", done.Text, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Revoked, (await ownApp.GetSessionAsync(desktopSession)).Status);
    }

    [Fact]
    public async Task SignOutOfAllOtherDevicesKeepsThisOne()
    {
        var ann = await app.CreateUserAsync();
        using var one = app.NewBrowser();
        using var two = app.NewBrowser();
        using var three = app.NewBrowser();
        await one.SignInAsync(ann);
        await two.SignInAsync(ann);
        await three.SignInAsync(ann);

        var page = await one.GetAsync("/account/devices");
        page = await one.SubmitAndFollowAsync(page, page.Form("/account/devices/sign-out-others"));

        Assert.Contains("2 other devices were signed out.", page.Text, StringComparison.Ordinal);
        Assert.Equal([ann.Email], (await one.AccountsAsync()).Emails);
        Assert.Empty((await two.AccountsAsync()).Emails);
        Assert.Empty((await three.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task ASessionOfAnotherAccountCannotBeSignedOutFromTheDevicesPage()
    {
        var (ann, eve) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var victim = app.NewBrowser();
        using var attacker = app.NewBrowser();
        await victim.SignInAsync(ann);
        await attacker.SignInAsync(eve);
        var victimSession = await victim.SessionIdOfAsync(ann);

        // Eve signed in a moment ago, so her password counts as freshly entered.
        var page = await attacker.GetAsync("/account/devices");
        using var forged = Html.HandMade(page, new Dictionary<string, string> { ["SessionId"] = victimSession });
        var result = await attacker.FollowAsync(await attacker.Http.PostAsync("/account/devices/sign-out", forged));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("That device isn't signed in any more.", result.Text, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Active, (await app.GetSessionAsync(victimSession)).Status);
    }

    private Browser BrowserWith(string userAgent)
    {
        var browser = app.NewBrowser();
        browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return browser;
    }
}
