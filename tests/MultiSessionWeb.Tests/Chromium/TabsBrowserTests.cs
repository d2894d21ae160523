using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

[Collection(SharedChromium.Name)]
public sealed class TabsBrowserTests(ChromiumFixture chromium)
{
    private Infrastructure.AppFactory App => chromium.App;

    [Fact]
    public async Task TwoTabsWorkAsTwoAccountsSideBySide()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Tab"), await App.CreateUserAsync("Bob Tab"));
        await using var browser = await chromium.NewBrowserAsync();
        var first = await browser.NewPageAsync();
        await first.SignInAsync(ann);
        await first.AddAccountFromMenuAsync(bob);

        await first.OpenAccountMenuAsync();
        var opened = browser.WaitForPageAsync();
        await first.GetByRole(AriaRole.Link, new() { Name = $"Open {ann.Email} in a new tab" }).ClickAsync();
        var second = await opened;
        await second.WaitForLoadStateAsync();

        await second.ExpectActingAsync(ann);
        Assert.EndsWith("/u/0/", second.Url, StringComparison.Ordinal);
        await second.GetByRole(AriaRole.Link, new() { Name = "Your account" }).ClickAsync();
        Assert.EndsWith("/u/0/account", second.Url, StringComparison.Ordinal);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Ann Tab" })).ToBeVisibleAsync();

        await first.ReloadAsync();
        await first.ExpectActingAsync(bob);
        await second.ReloadAsync();
        await second.ExpectActingAsync(ann);
    }

    [Fact]
    public async Task OtherTabsFollowASwitch()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Follow"), await App.CreateUserAsync("Bob Follow"));
        await using var browser = await chromium.NewBrowserAsync();
        var first = await browser.NewPageAsync();
        await first.SignInAsync(ann);
        await first.AddAccountFromMenuAsync(bob);
        var second = await browser.NewPageAsync();
        await second.GotoAsync("/account");
        await second.ExpectActingAsync(bob);

        await first.SwitchFromMenuAsync(ann);

        await second.ExpectActingAsync(ann);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Ann Follow" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OtherTabsFollowASignOutOfAll()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Gone"), await App.CreateUserAsync("Bob Gone"));
        await using var browser = await chromium.NewBrowserAsync();
        var first = await browser.NewPageAsync();
        await first.SignInAsync(ann);
        await first.AddAccountFromMenuAsync(bob);
        var second = await browser.NewPageAsync();
        await second.GotoAsync("/");
        await second.ExpectActingAsync(bob);

        await first.OpenAccountMenuAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out of all accounts" }).ClickAsync();

        await Expect(second.GetByLabel("Account menu")).ToHaveCountAsync(0);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Several accounts, one browser" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ATabPinnedToASignedOutAccountSaysSoInsteadOfActingAsSomeoneElse()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Pinned"), await App.CreateUserAsync("Bob Pinned"));
        await using var browser = await chromium.NewBrowserAsync();
        var first = await browser.NewPageAsync();
        await first.SignInAsync(ann);
        await first.AddAccountFromMenuAsync(bob);
        var pinned = await browser.NewPageAsync();
        await pinned.GotoAsync("/u/0/account");
        await pinned.ExpectActingAsync(ann);

        await first.GotoAsync("/accounts");
        await first.GetByRole(AriaRole.Button, new() { Name = $"Sign out of {ann.Email}" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Signed out of {ann.Email}.");

        var alert = pinned.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Ann Pinned was signed out in another tab.");
        await Expect(pinned.GetByRole(AriaRole.Heading, new() { Name = "Ann Pinned" })).ToBeVisibleAsync();
        // The stale page can no longer be used; the way on is to choose an account.
        await alert.GetByRole(AriaRole.Link, new() { Name = "Choose an account" }).ClickAsync();
        await Expect(pinned.GetByRole(AriaRole.Heading, new() { Name = "Choose an account" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ATabWithATypedFormAsksBeforeReloading()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Typing"), await App.CreateUserAsync("Bob Typing"));
        await using var browser = await chromium.NewBrowserAsync();
        var first = await browser.NewPageAsync();
        await first.SignInAsync(ann);
        await first.AddAccountFromMenuAsync(bob);
        var second = await browser.NewPageAsync();
        await second.GotoAsync("/sign-in");
        await second.GetByLabel("Email", new() { Exact = true }).FillAsync("half typed");

        await first.SwitchFromMenuAsync(ann);

        await Expect(second.GetByRole(AriaRole.Status)).ToContainTextAsync("Your accounts changed in another tab.");
        await Expect(second.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("half typed");
    }
}
