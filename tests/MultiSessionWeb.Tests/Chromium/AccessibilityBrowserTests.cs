using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>Every page through axe, at a phone's width and a laptop's, with a screenshot of each.</summary>
[Collection(SharedChromium.Name)]
public sealed class AccessibilityBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    public static readonly string ScreenshotFolder = AxeCheck.ScreenshotFolder;

    [Theory]
    [InlineData(320)]
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
        await CheckAsync(page, "/accounts", "chooser-empty", width);
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
        await CheckAsync(page, "/account/phone", "phone", width);
        await CheckAsync(page, "/account/logins", "logins", width);
        await CheckAsync(page, "/account/passkeys", "passkeys", width);
        await CheckAsync(page, "/account/two-factor", "two-factor", width);
        await CheckAsync(page, "/u/7/", "no-account-at-slot", width);
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

        // Bob ended from elsewhere: remembered on this browser as "Signed out — sign in again".
        var client = System.Text.Json.JsonDocument.Parse(await (await page.Context.APIRequest.GetAsync("/api/client")).TextAsync());
        var bobs = client.RootElement.GetProperty("sessions").EnumerateArray()
            .Single(e => e.GetProperty("user").GetProperty("email").GetString() == bob.Email).GetProperty("id").GetString()!;
        await chromium.App.RevokeAsync(bobs);
        await page.GotoAsync("/");
        await page.OpenAccountMenuAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Signed out — sign in again" })).ToBeVisibleAsync();
        await CheckAsync(page, null, "account-menu-remembered", width);
        await CheckAsync(page, "/accounts", "chooser-remembered", width);
        await page.GetByRole(AriaRole.Link, new() { Name = "Signed out — sign in again" }).ClickAsync();
        await CheckAsync(page, null, "sign-in-again", width);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheFocusRingIsASolidOutlineOfAtLeastThreeToOneAlsoInForcedColours(bool forcedColours)
    {
        await using var browser = await chromium.NewBrowserAsync(375, 740);
        var page = await browser.NewPageAsync();
        if (forcedColours)
        {
            await page.EmulateMediaAsync(new() { ForcedColors = ForcedColors.Active });
        }

        await page.GotoAsync("/sign-in");
        var link = page.Locator("main a").First;
        await link.FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(link).ToBeFocusedAsync();
        var ring = await link.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }");

        Assert.Equal("solid", ring[0]);
        Assert.True(double.Parse(ring[1].Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 2, $"The outline is {ring[1]} wide.");
        if (!forcedColours)
        {
            // The page's backgrounds: cards, the page, the soft blue of banners and menus.
            foreach (var background in new[] { "rgb(255, 255, 255)", "rgb(246, 247, 249)", "rgb(232, 237, 255)" })
            {
                Assert.True(Contrast(ring[2], background) >= 3, $"The ring {ring[2]} has {Contrast(ring[2], background):0.0}:1 against {background}.");
            }
        }
    }

    private static double Contrast(string a, string b)
    {
        static double Luminance(string rgb)
        {
            var parts = rgb[(rgb.IndexOf('(', StringComparison.Ordinal) + 1)..rgb.IndexOf(')', StringComparison.Ordinal)].Split(',');
            var channels = parts.Take(3).Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture) / 255)
                .Select(c => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)).ToArray();
            return (0.2126 * channels[0]) + (0.7152 * channels[1]) + (0.0722 * channels[2]);
        }

        var (x, y) = (Luminance(a), Luminance(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }

    private Task CheckAsync(IPage page, string? path, string name, int width) =>
        AxeCheck.AssertNoSeriousFindingsAsync(page, path, name, width, output);
}
