using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class PasswordChangeTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task TheCurrentPasswordIsRequired()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var page = await browser.GetAsync("/account/password");
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/password"), new Dictionary<string, string>
        {
            ["CurrentPassword"] = "not it",
            ["NewPassword"] = "a brand new password",
        });

        Assert.Equal("That is not your current password.", page.Document.QuerySelector("#CurrentPassword-error")!.TextContent.Trim());
        using var other = app.NewBrowser();
        Assert.Equal(ann.Email, (await other.SignInAsync(ann)).ActingEmail);
    }

    [Fact]
    public async Task ChangingThePasswordSignsOutOtherDevicesByDefault()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        using var other = app.NewBrowser();
        await browser.SignInAsync(ann);
        await other.SignInAsync(ann);

        var page = await browser.GetAsync("/account/password");
        Assert.Equal("checked", page.Document.QuerySelector("input[name=SignOutOtherDevices][type=checkbox]")!.GetAttribute("checked"));
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/password"), new Dictionary<string, string>
        {
            ["CurrentPassword"] = ann.Password,
            ["NewPassword"] = "a brand new password",
        });

        Assert.Contains("Your password was changed and 1 other device was signed out.", page.Text, StringComparison.Ordinal);
        Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);
        Assert.Equal([(ann.Email, "revoked")], await other.RememberedAsync());
        using var third = app.NewBrowser();
        Assert.Null((await third.SignInAsync(ann)).ActingEmail);
        Assert.Equal(ann.Email, (await third.SignInAsync(ann with { Password = "a brand new password" })).ActingEmail);
    }

    [Fact]
    public async Task UncheckingTheBoxKeepsOtherDevicesSignedIn()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        using var other = app.NewBrowser();
        await browser.SignInAsync(ann);
        await other.SignInAsync(ann);

        var page = await browser.GetAsync("/account/password");
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/password"), new Dictionary<string, string>
        {
            ["CurrentPassword"] = ann.Password,
            ["NewPassword"] = "a brand new password",
            ["SignOutOtherDevices"] = "false",
        });

        Assert.Contains("Your password was changed.", page.Text, StringComparison.Ordinal);
        Assert.Equal([ann.Email], (await other.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task AnAccountWithoutAPasswordSetsItsFirstOneAfterAFreshSignIn()
    {
        var ann = await app.CreateUserAsync();
        await app.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, "")));
        using var browser = app.NewBrowser();
        var check = await browser.AskForEmailCodeAsync(ann.Email);
        await browser.EnterCodeAsync(check, await app.LatestCodeForAsync(ann.Email));

        var page = await browser.GetAsync("/account/password");
        Assert.Equal("Set a password", page.Document.QuerySelector("h1")!.TextContent);
        Assert.Null(page.Document.QuerySelector("input[name=CurrentPassword]"));
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/password"), new Dictionary<string, string> { ["NewPassword"] = "my first password" });

        Assert.Contains("Your password is set.", page.Text, StringComparison.Ordinal);
        using var other = app.NewBrowser();
        Assert.Equal(ann.Email, (await other.SignInAsync(ann with { Password = "my first password" })).ActingEmail);
    }

    [Fact]
    public async Task SettingAFirstPasswordNeedsASignInWithinTenMinutes()
    {
        using var ownApp = new AppFactory();
        var ann = await ownApp.CreateUserAsync();
        await ownApp.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, "")));
        using var browser = ownApp.NewBrowser();
        var check = await browser.AskForEmailCodeAsync(ann.Email);
        await browser.EnterCodeAsync(check, await ownApp.LatestCodeForAsync(ann.Email));
        var page = await browser.GetAsync("/account/password");

        ownApp.Time.Advance(TimeSpan.FromMinutes(11));
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/password"), new Dictionary<string, string> { ["NewPassword"] = "my first password" });

        Assert.Contains("Setting a password needs a fresh sign-in", page.Document.QuerySelector(".form-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await ownApp.NewBrowser().SignInAsync(ann with { Password = "my first password" })).ActingEmail);
    }
}
