using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MultiSessionWeb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>
/// Two real tabs of one browser, with JavaScript and without: a page opened as Bob keeps acting as
/// Bob after the other tab switched to Ann, and is refused once Bob is signed out — never Ann.
/// </summary>
[Collection(SharedChromium.Name)]
public sealed class StaleTabBrowserTests(ChromiumFixture chromium)
{
    private AppFactory App => chromium.App;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APasswordPageOpenedAsBobChangesBobsPasswordAfterTheOtherTabSwitchedToAnn(bool javaScript)
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Stale Tab"), await App.CreateUserAsync("Bob Stale Tab"));
        await using var browser = await chromium.NewBrowserAsync(javaScript: javaScript);
        var (first, second) = await TwoTabsAsync(browser, ann, bob);
        await first.GotoAsync("/account/password");
        await first.ExpectActingAsync(bob);
        await first.GetByLabel("Current password").FillAsync(bob.Password);
        await first.GetByLabel("New password").FillAsync("bob's own new password");
        var before = await PasswordHashesAsync(ann, bob);

        await SwitchWithoutScriptAsync(second, ann);
        if (javaScript)
        {
            await Expect(first.GetByRole(AriaRole.Status)).ToContainTextAsync("Your accounts changed in another tab.");
        }

        await first.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(first.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password was changed");
        await first.ExpectActingAsync(bob);
        var after = await PasswordHashesAsync(ann, bob);
        Assert.Equal(before.Ann, after.Ann);
        Assert.NotEqual(before.Bob, after.Bob);
        await second.ReloadAsync();
        await second.ExpectActingAsync(ann);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APasswordPageOpenedAsBobIsRefusedOnceBobWasSignedOutInTheOtherTab(bool javaScript)
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Refused Tab"), await App.CreateUserAsync("Bob Refused Tab"));
        await using var browser = await chromium.NewBrowserAsync(javaScript: javaScript);
        var (first, second) = await TwoTabsAsync(browser, ann, bob);
        await first.GotoAsync("/account/password");
        await first.GetByLabel("Current password").FillAsync(bob.Password);
        await first.GetByLabel("New password").FillAsync("never set");
        var before = await PasswordHashesAsync(ann, bob);

        await second.GotoAsync("/accounts");
        await second.GetByRole(AriaRole.Button, new() { Name = $"Sign out of {bob.Email}" }).ClickAsync();
        await second.ExpectActingAsync(ann);
        await first.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(first.GetByRole(AriaRole.Alert).Filter(new() { HasText = "This page was opened as" }))
            .ToHaveTextAsync($"This page was opened as {bob.Name}, who is no longer signed in on this browser. Nothing was changed.");
        Assert.Equal(before, await PasswordHashesAsync(ann, bob));
        await Expect(first.GetByRole(AriaRole.Link, new() { Name = $"Sign in again as {bob.Name}" })).ToBeVisibleAsync();
        await first.GetByRole(AriaRole.Link, new() { Name = $"Continue as {ann.Name}" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Change your password" })).ToBeVisibleAsync();
        await first.ExpectActingAsync(ann);
    }

    [Fact]
    public async Task AnAccountSignedOutOnAnotherDeviceIsNamedInThePageAndInTheOtherTabsAlert()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Example"), await App.CreateUserAsync("Bob Device"));
        await using var browser = await chromium.NewBrowserAsync();
        var (first, second) = await TwoTabsAsync(browser, bob, ann);
        await first.GotoAsync("/account");
        await first.ExpectActingAsync(ann);
        var annsSession = await App.QueryAsync(db => db.Sessions.Where(s => s.UserId == ann.Id).Select(s => s.Id).SingleAsync());

        await App.RevokeAsync(annsSession); // another device's "Sign out of all other devices"
        await second.GotoAsync("/");

        await Expect(second.GetByRole(AriaRole.Status)).ToHaveTextAsync("Ann Example was signed out on another device.");
        var alert = first.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Ann Example was signed out on another device.");
        await Expect(alert.GetByRole(AriaRole.Link, new() { Name = "Choose an account" })).ToBeVisibleAsync();
    }

    /// <summary>Signs in <paramref name="earlier"/> then <paramref name="later"/> (active); a second tab shows the home page.</summary>
    private static async Task<(IPage First, IPage Second)> TwoTabsAsync(IBrowserContext browser, TestUser earlier, TestUser later)
    {
        var first = await browser.NewPageAsync();
        await first.SignInAsync(earlier);
        await first.AddAccountFromMenuAsync(later);
        var second = await browser.NewPageAsync();
        await second.GotoAsync("/");
        await second.ExpectActingAsync(later);
        return (first, second);
    }

    /// <summary>Through the chooser's buttons, which need no script to open a menu.</summary>
    private static async Task SwitchWithoutScriptAsync(IPage page, TestUser user)
    {
        await page.GotoAsync("/accounts");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Continue as {user.Name}, {user.Email}" }).ClickAsync();
        await page.ExpectActingAsync(user);
    }

    private async Task<(string Ann, string Bob)> PasswordHashesAsync(TestUser ann, TestUser bob) => (
        await App.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).Select(u => u.PasswordHash).SingleAsync()),
        await App.QueryAsync(db => db.Users.Where(u => u.Id == bob.Id).Select(u => u.PasswordHash).SingleAsync()));
}
