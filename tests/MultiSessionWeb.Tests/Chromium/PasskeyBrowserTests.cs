using System.Text.Json;
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

    private static async Task<(ICDPSession Cdp, string AuthenticatorId)> AddAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
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
