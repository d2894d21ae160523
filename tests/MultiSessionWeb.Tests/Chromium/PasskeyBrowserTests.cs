using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MultiSessionWeb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>Passkeys in a real Chromium with the DevTools virtual authenticator, on http://localhost.</summary>
[Collection(SharedChromium.Name)]
public sealed class PasskeyBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task RegisterSignInElsewhereSignInAgainReverifyAndRemove()
    {
        var ann = await chromium.App.CreateUserAsync("Ann Passkey");
        await using var laptop = await chromium.NewBrowserAsync(localhost: true);
        var page = await laptop.NewPageAsync();
        var (cdp, authenticator) = await AddAuthenticatorAsync(page);
        await page.SignInAsync(ann);

        await page.GotoAsync("/account/passkeys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByText("added. You can now sign in with it.")).ToBeVisibleAsync();
        await Expect(page.GetByText("This device only")).ToBeVisibleAsync();
        var credential = await OnlyCredentialAsync(cdp, authenticator);

        // Another browser with a copy of the key: the email field offers it (conditional UI) and it signs in.
        await using var phone = await chromium.NewBrowserAsync(localhost: true);
        var phonePage = await phone.NewPageAsync();
        var (phoneCdp, phoneAuthenticator) = await AddAuthenticatorAsync(phonePage);
        var bob = await chromium.App.CreateUserAsync("Bob Password");
        await phonePage.SignInAsync(bob);
        await AddCredentialAsync(phoneCdp, phoneAuthenticator, credential);
        await phonePage.GotoAsync("/sign-in");
        await phonePage.ExpectActingAsync(ann);

        // Signed out elsewhere: the remembered account offers its own passkey.
        var client = JsonSerializer.Deserialize<ClientJson>(await phonePage.EvaluateAsync<string>("fetch('/api/client').then(r => r.text())"), JsonSerializerOptions.Web)!;
        await chromium.App.RevokeAsync(client.Sessions.Single(s => s.User.Email == ann.Email).Id);
        await phonePage.GotoAsync("/");
        await phonePage.GotoAsync($"/sign-in?email={Uri.EscapeDataString(ann.Email)}");
        await phonePage.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {ann.Email} with a passkey" }).ClickAsync();
        await phonePage.ExpectActingAsync(ann);

        // Past the reverification window, the passkey confirms it's Ann; then the passkey goes.
        chromium.App.Time.Advance(TimeSpan.FromMinutes(11));
        await phonePage.GotoAsync("/account/passkeys");
        await phonePage.GetByRole(AriaRole.Button, new() { Name = "Confirm with a passkey" }).ClickAsync();
        await Expect(phonePage.GetByText("Confirmed with your passkey.")).ToBeVisibleAsync();
        await phonePage.GetByRole(AriaRole.Button, new() { NameRegex = new("^Remove ") }).ClickAsync();
        await Expect(phonePage.GetByText("It no longer signs in to this account.")).ToBeVisibleAsync();

        // The removed key no longer signs in anywhere.
        await using var thief = await chromium.NewBrowserAsync(localhost: true);
        var thiefPage = await thief.NewPageAsync();
        var (thiefCdp, thiefAuthenticator) = await AddAuthenticatorAsync(thiefPage);
        await AddCredentialAsync(thiefCdp, thiefAuthenticator, credential);
        await thiefPage.GotoAsync("/sign-in");
        await Expect(thiefPage.GetByText("That passkey didn't work.")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task AddASecondAccountWithAPasskeyAndAddingItAgainOnlyReactivatesIt()
    {
        var ann = await chromium.App.CreateUserAsync("Ann Added");
        var bob = await chromium.App.CreateUserAsync("Bob Passkey");
        JsonElement bobsKey;
        await using (var bobsLaptop = await chromium.NewBrowserAsync(localhost: true))
        {
            var bobsPage = await bobsLaptop.NewPageAsync();
            var (bobsCdp, bobsAuthenticator) = await AddAuthenticatorAsync(bobsPage);
            await bobsPage.SignInAsync(bob);
            await bobsPage.GotoAsync("/account/passkeys");
            await bobsPage.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
            await Expect(bobsPage.GetByText("added. You can now sign in with it.")).ToBeVisibleAsync();
            bobsKey = await OnlyCredentialAsync(bobsCdp, bobsAuthenticator);
        }

        // Ann's browser, whose authenticator holds Bob's passkey too (a shared family laptop).
        // Its browser offers no passkeys in the email field (conditional UI would pick Bob's by itself
        // as the page loads), so the button is what adds the account.
        await using var browser = await chromium.NewBrowserAsync(localhost: true);
        await browser.AddInitScriptAsync("PublicKeyCredential.isConditionalMediationAvailable = async () => false;");
        var page = await browser.NewPageAsync();
        var (cdp, authenticator) = await AddAuthenticatorAsync(page);
        await page.SignInAsync(ann);
        await AddCredentialAsync(cdp, authenticator, bobsKey);

        await AddWithPasskeyFromMenuAsync(page);
        await page.ExpectActingAsync(bob);
        await page.ExpectOtherAccountsAsync(ann);

        // Bob again, from Ann: the passkey makes Bob active once more, with no second session.
        await page.SwitchFromMenuAsync(ann);
        await AddWithPasskeyFromMenuAsync(page);
        await Expect(page.GetByText($"You're already signed in as {bob.Email}.")).ToBeVisibleAsync();
        await page.ExpectActingAsync(bob);
        await page.ExpectOtherAccountsAsync(ann);
        var client = JsonSerializer.Deserialize<ClientJson>(await page.EvaluateAsync<string>("fetch('/api/client').then(r => r.text())"), JsonSerializerOptions.Web)!;
        Assert.Equal(new[] { ann.Email, bob.Email }.Order(StringComparer.Ordinal), client.Sessions.Select(s => s.User.Email).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task PasskeysPageSaysWhichPasskeyIsSyncedAndWhichIsOnThisDeviceOnly()
    {
        var ann = await chromium.App.CreateUserAsync("Ann Flags");
        await using var browser = await chromium.NewBrowserAsync(localhost: true);
        var page = await browser.NewPageAsync();
        var (cdp, synced) = await AddAuthenticatorAsync(page, backedUp: true);
        await page.SignInAsync(ann);
        await AddNamedPasskeyAsync(page, "Phone");

        // The synced authenticator goes; a security key that keeps its passkey to itself comes.
        await cdp.SendAsync("WebAuthn.removeVirtualAuthenticator", new Dictionary<string, object> { ["authenticatorId"] = synced });
        await AddAuthenticatorAsync(page, backedUp: false, cdp);
        await AddNamedPasskeyAsync(page, "Security key");

        await Expect(PasskeyRow(page, "Phone").Locator(".badge")).ToHaveTextAsync("Synced");
        await Expect(PasskeyRow(page, "Security key").Locator(".badge")).ToHaveTextAsync("This device only");
        var flags = await chromium.App.QueryAsync(db => db.PasskeyCredentials.Where(p => p.UserId == ann.Id)
            .OrderBy(p => p.Name).Select(p => new { p.Name, p.IsBackupEligible, p.IsBackedUp }).ToListAsync());
        Assert.Equal(new[] { ("Phone", true, true), ("Security key", false, false) }, flags.Select(f => (f.Name, f.IsBackupEligible, f.IsBackedUp)));
    }

    private static async Task AddWithPasskeyFromMenuAsync(IPage page)
    {
        await page.OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Add account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add an account" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add an account" })).ToBeHiddenAsync();
    }

    private static async Task AddNamedPasskeyAsync(IPage page, string name)
    {
        await page.GotoAsync("/account/passkeys");
        await page.GetByLabel("Name (optional)").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByText($"Passkey \"{name}\" added.")).ToBeVisibleAsync();
    }

    private static ILocator PasskeyRow(IPage page, string name) =>
        page.Locator("li[data-passkey-id]").Filter(new() { Has = page.Locator($"input[name=Name][value='{name}']") });

    [Fact]
    public async Task WithoutJavaScriptNoPasskeyButtonShowsAndPasswordsStillWork()
    {
        var ann = await chromium.App.CreateUserAsync("Ann NoScript");
        await using var browser = await chromium.NewBrowserAsync(javaScript: false, localhost: true);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/sign-in");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" })).ToBeHiddenAsync();
        Assert.Equal("username webauthn", await page.GetByLabel("Email", new() { Exact = true }).GetAttributeAsync("autocomplete"));
        await page.SubmitSignInAsync(ann);
        await page.ExpectActingAsync(ann);
    }

    /// <summary>A platform authenticator in the tab; <paramref name="backedUp"/> makes its passkeys synced ones (BE and BS set).</summary>
    internal static async Task<(ICDPSession Cdp, string AuthenticatorId)> AddAuthenticatorAsync(IPage page, bool backedUp = false, ICDPSession? session = null)
    {
        var cdp = session ?? await page.Context.NewCDPSessionAsync(page);
        if (session is null)
        {
            await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        }

        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["ctap2Version"] = "ctap2_1",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
                ["defaultBackupEligibility"] = backedUp,
                ["defaultBackupState"] = backedUp,
            },
        });
        return (cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    private static async Task<JsonElement> OnlyCredentialAsync(ICDPSession cdp, string authenticatorId)
    {
        var result = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        return result!.Value.GetProperty("credentials")[0].Clone();
    }

    private static Task<JsonElement?> AddCredentialAsync(ICDPSession cdp, string authenticatorId, JsonElement c) =>
        cdp.SendAsync("WebAuthn.addCredential", new Dictionary<string, object>
        {
            ["authenticatorId"] = authenticatorId,
            ["credential"] = new Dictionary<string, object>
            {
                ["credentialId"] = c.GetProperty("credentialId").GetString()!,
                ["isResidentCredential"] = true,
                ["rpId"] = c.GetProperty("rpId").GetString()!,
                ["privateKey"] = c.GetProperty("privateKey").GetString()!,
                ["userHandle"] = c.GetProperty("userHandle").GetString()!,
                ["signCount"] = c.GetProperty("signCount").GetInt32(),
            },
        });
}
