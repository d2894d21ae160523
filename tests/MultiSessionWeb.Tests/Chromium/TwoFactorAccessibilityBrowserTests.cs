using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OtpNet;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>The passkey, two-step verification and step-up pages through axe, in each state a person sees them.</summary>
[Collection(SharedChromium.Name)]
public sealed class TwoFactorAccessibilityBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    [Theory]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task PasskeyAndTwoStepPagesHaveNoSeriousOrCriticalAccessibilityFindings(int width)
    {
        var height = width < 600 ? 740 : 800;
        var ann = await chromium.App.CreateUserAsync("Ann Twostep");
        await using var laptop = await chromium.NewBrowserAsync(width, height, localhost: true);
        var page = await laptop.NewPageAsync();
        await PasskeyBrowserTests.AddAuthenticatorAsync(page);
        await page.SignInAsync(ann);

        await CheckAsync(page, "/account/two-factor", "two-factor-set-up", width);
        await page.Locator("input[name=Code]").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Expect(page.GetByText("That code isn't right.")).ToBeVisibleAsync();
        await CheckAsync(page, null, "two-factor-wrong-code", width);
        var secret = Base32Encoding.ToBytes((await page.Locator(".totp-secret").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal));
        await page.Locator("input[name=Code]").FillAsync(new Totp(secret).ComputeTotp(chromium.App.Time.GetUtcNow().UtcDateTime));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" })).ToBeVisibleAsync();
        await CheckAsync(page, null, "two-factor-recovery-codes", width);
        await CheckAsync(page, "/account/two-factor", "two-factor-on", width);

        await page.GotoAsync("/account/passkeys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByText("added. You can now sign in with it.")).ToBeVisibleAsync();
        await CheckAsync(page, null, "passkeys", width);

        await using var other = await chromium.NewBrowserAsync(width, height, localhost: true);
        var otherPage = await other.NewPageAsync();
        await otherPage.GotoAsync("/sign-in");
        await otherPage.SubmitSignInAsync(ann);
        // The page, not its load event: under a busy machine the latter has outlasted the timeout.
        await Expect(otherPage.GetByRole(AriaRole.Heading, new() { Name = "Two-step verification", Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await CheckAsync(otherPage, null, "second-step", width);
        await otherPage.Locator("input[name=Code]").FillAsync("000000");
        await otherPage.Locator("input[name=Code]").PressAsync("Enter");
        await Expect(otherPage.GetByText("That code isn't right.")).ToBeVisibleAsync();
        await CheckAsync(otherPage, null, "second-step-wrong-code", width);

        var cat = await chromium.App.CreateUserAsync("Cat Required");
        await chromium.App.QueryAsync(db => db.Users.Where(u => u.Id == cat.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.MfaRequired, true)));
        await using var third = await chromium.NewBrowserAsync(width, height, localhost: true);
        var thirdPage = await third.NewPageAsync();
        await thirdPage.GotoAsync("/sign-in");
        await thirdPage.SubmitSignInAsync(cat);
        await Expect(thirdPage.GetByRole(AriaRole.Heading, new() { Name = "Set up two-step verification" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await CheckAsync(thirdPage, null, "setup-mfa", width);

        // Step-up on switch: Eve asks for it and has no authenticator app, so the page asks her password.
        var eve = await chromium.App.CreateUserAsync("Eve Stepup");
        await chromium.App.QueryAsync(db => db.Users.Where(u => u.Id == eve.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.StepUpOnSwitch, true)));
        await using var fourth = await chromium.NewBrowserAsync(width, height);
        var fourthPage = await fourth.NewPageAsync();
        await fourthPage.SignInAsync(eve);
        await fourthPage.GotoAsync("/sign-in");
        await fourthPage.SignInAsync(await chromium.App.CreateUserAsync("Dan Other"));
        chromium.App.Time.Advance(TimeSpan.FromMinutes(16));
        var client = System.Text.Json.JsonDocument.Parse(await (await fourthPage.Context.APIRequest.GetAsync("/api/client")).TextAsync());
        var eves = client.RootElement.GetProperty("sessions").EnumerateArray()
            .Single(e => e.GetProperty("user").GetProperty("email").GetString() == eve.Email).GetProperty("id").GetString()!;
        await fourthPage.GotoAsync($"/accounts/step-up?session={eves}");
        await Expect(fourthPage.GetByLabel($"Password of {eve.Email}")).ToBeVisibleAsync();
        await CheckAsync(fourthPage, null, "step-up", width);
    }

    private Task CheckAsync(IPage page, string? path, string name, int width) =>
        AxeCheck.AssertNoSeriousFindingsAsync(page, path, name, width, output);
}
