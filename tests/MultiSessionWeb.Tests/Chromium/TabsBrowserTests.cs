using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

[Collection(SharedChromium.Name)]
public sealed class TabsBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task TwoTabsWorkAsTwoAccountsSideBySide()
    {
        await using var tabs = await chromium.TwoAccountsInOneBrowserAsync("Tab");
        var (browser, first, ann, bob) = tabs;

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
        await using var tabs = await chromium.TwoAccountsInOneBrowserAsync("Follow");
        var (_, first, ann, bob) = tabs;
        var second = await tabs.NewTabAsync("/account");
        await second.ExpectActingAsync(bob);

        await first.SwitchFromMenuAsync(ann);

        await second.ExpectActingAsync(ann);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Ann Follow" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OtherTabsFollowASignOutOfAll()
    {
        await using var tabs = await chromium.TwoAccountsInOneBrowserAsync("Gone");
        var (_, first, ann, bob) = tabs;
        var second = await tabs.NewTabAsync("/");
        await second.ExpectActingAsync(bob);

        await first.SignOutOfAllAccountsFromMenuAsync();

        await Expect(second.GetByLabel("Account menu")).ToHaveCountAsync(0);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Several accounts, one browser" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ATabPinnedToASignedOutAccountSaysSoInsteadOfActingAsSomeoneElse()
    {
        await using var tabs = await chromium.TwoAccountsInOneBrowserAsync("Pinned");
        var (_, first, ann, bob) = tabs;
        var pinned = await tabs.NewTabAsync("/u/0/account");
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
        await using var tabs = await chromium.TwoAccountsInOneBrowserAsync("Typing");
        var (_, first, ann, bob) = tabs;
        var second = await tabs.NewTabAsync("/sign-in");
        await second.GetByLabel("Email", new() { Exact = true }).FillAsync("half typed");

        await first.SwitchFromMenuAsync(ann);

        await Expect(second.GetByRole(AriaRole.Status)).ToContainTextAsync("Your accounts changed in another tab.");
        await Expect(second.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("half typed");
    }
}
