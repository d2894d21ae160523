using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>Every page through axe, at a phone's width and a laptop's, with a screenshot of each.</summary>
[Collection(SharedChromium.Name)]
public sealed class AccessibilityBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    public static readonly string ScreenshotFolder = AxeCheck.ScreenshotFolder;

    [Theory]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task EveryPageHasNoSeriousOrCriticalAccessibilityFindings(int width)
    {
        var ann = await chromium.App.CreateUserAsync("Ann Example");
        var bob = await chromium.App.CreateUserAsync("Bob Sample");
        var cat = await chromium.App.CreateUserAsync("Cat Demo");
        await using var browser = await chromium.NewBrowserAsync(width, width < 600 ? 740 : 800);
        var page = await browser.NewPageAsync();

        await CheckAsync(page, "/", "home-signed-out", width);
        await CheckAsync(page, "/sign-up", "sign-up", width);
        await CheckAsync(page, "/sign-in", "sign-in", width);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await CheckAsync(page, null, "sign-in-errors", width);
        await CheckAsync(page, "/not-a-page", "not-found", width);
        await CheckAsync(page, "/sign-in/code?channel=email", "sign-in-code", width);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(ann.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
        await CheckAsync(page, null, "check-your-email", width);

        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);
        await page.AddAccountFromMenuAsync(cat);
        await CheckAsync(page, "/", "home-signed-in", width);
        await page.OpenAccountMenuAsync();
        await CheckAsync(page, null, "account-menu-open", width);
        await CheckAsync(page, "/account", "profile", width);
        await CheckAsync(page, "/u/0/account", "profile-in-slot-tab", width);
        await CheckAsync(page, "/accounts", "chooser", width);
        await CheckAsync(page, "/account/devices", "devices", width);
        await CheckAsync(page, "/account/password", "password", width);
        await CheckAsync(page, "/account/email", "email", width);
        await CheckAsync(page, "/account/security", "security-activity", width);
        await page.GotoAsync("/sign-in");
        await CheckAsync(page, null, "add-account", width);

        // A page opened as Cat, posted after another tab signed Cat out.
        await page.GotoAsync("/account/password");
        await page.GetByLabel("Current password").FillAsync(cat.Password);
        var otherTab = await browser.NewPageAsync();
        await otherTab.GotoAsync("/accounts");
        await otherTab.GetByRole(AriaRole.Button, new() { Name = $"Sign out of {cat.Email}" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your accounts changed in another tab.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This page is out of date" })).ToBeVisibleAsync();
        await CheckAsync(page, null, "stale-form", width);
    }

    private Task CheckAsync(IPage page, string? path, string name, int width) =>
        AxeCheck.AssertNoSeriousFindingsAsync(page, path, name, width, output);
}
