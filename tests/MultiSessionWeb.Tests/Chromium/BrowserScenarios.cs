using Microsoft.Playwright;
using MultiSessionWeb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>What people do, through what they see: labels, roles and button names.</summary>
public static class BrowserScenarios
{
    /// <summary>Signs up, then types the code from the email (read from the development mailbox).</summary>
    public static async Task SignUpAsync(this IPage page, AppFactory app, TestUser user)
    {
        await page.GotoAsync("/sign-up");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(user.Name);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(user.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verify your email" })).ToBeVisibleAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await app.LatestCodeForAsync(user.Email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.ExpectActingAsync(user);
    }

    /// <summary>Fills in the sign-in form the page shows and submits it.</summary>
    public static async Task SubmitSignInAsync(this IPage page, TestUser user)
    {
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(user.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public static async Task SignInAsync(this IPage page, TestUser user)
    {
        await page.GotoAsync("/sign-in");
        await page.SubmitSignInAsync(user);
        await page.ExpectActingAsync(user);
    }

    public static async Task OpenAccountMenuAsync(this IPage page)
    {
        var menu = page.GetByLabel("Account menu");
        if (await page.Locator("details.account-menu[open]").CountAsync() == 0)
        {
            await menu.ClickAsync();
        }

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "All accounts on this browser" })).ToBeVisibleAsync();
    }

    /// <summary>"Sign out of all accounts" in the account menu, then its second step.</summary>
    public static async Task SignOutOfAllAccountsFromMenuAsync(this IPage page)
    {
        await page.OpenAccountMenuAsync();
        await page.Locator(".account-menu summary", new() { HasText = "Sign out of all accounts" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign out of all accounts" }).ClickAsync();
    }

    public static async Task AddAccountFromMenuAsync(this IPage page, TestUser user)
    {
        await page.OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Add account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add an account" })).ToBeVisibleAsync();
        await page.SubmitSignInAsync(user);
        await page.ExpectActingAsync(user);
    }

    public static async Task SwitchFromMenuAsync(this IPage page, TestUser user)
    {
        await page.OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Switch to {user.Name}, {user.Email}" }).ClickAsync();
        await page.ExpectActingAsync(user);
    }

    /// <summary>The account menu names the account the page acts as.</summary>
    public static Task ExpectActingAsync(this IPage page, TestUser user) =>
        Expect(page.GetByLabel("Account menu")).ToHaveAttributeAsync("aria-label", $"Account menu: {user.Name}, {user.Email}");

    public static async Task ExpectOtherAccountsAsync(this IPage page, params TestUser[] users)
    {
        await page.OpenAccountMenuAsync();
        var others = page.GetByRole(AriaRole.List, new() { Name = "Other accounts" }).GetByRole(AriaRole.Listitem);
        await Expect(others).ToHaveCountAsync(users.Length);
        foreach (var user in users)
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Switch to {user.Name}, {user.Email}" })).ToBeVisibleAsync();
        }
    }

    /// <summary>
    /// A fresh browser where Ann signed in and then added Bob from the account menu, so Bob is active in
    /// the first tab. They are named "Ann <paramref name="name"/>" and "Bob <paramref name="name"/>".
    /// </summary>
    public static async Task<TwoAccountsInOneBrowser> TwoAccountsInOneBrowserAsync(this ChromiumFixture chromium, string name)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        var (ann, bob) = (await chromium.App.CreateUserAsync($"Ann {name}"), await chromium.App.CreateUserAsync($"Bob {name}"));
        var browser = await chromium.NewBrowserAsync();
        try
        {
            var first = await browser.NewPageAsync();
            await first.SignInAsync(ann);
            await first.AddAccountFromMenuAsync(bob);
            return new TwoAccountsInOneBrowser(browser, first, ann, bob);
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }
}

/// <summary>The browser of <see cref="BrowserScenarios.TwoAccountsInOneBrowserAsync"/>; disposing it closes the browser.</summary>
public sealed record TwoAccountsInOneBrowser(IBrowserContext Browser, IPage First, TestUser Ann, TestUser Bob) : IAsyncDisposable
{
    /// <summary>Opens another tab of the same browser at <paramref name="path"/>.</summary>
    public async Task<IPage> NewTabAsync(string path)
    {
        var tab = await Browser.NewPageAsync();
        await tab.GotoAsync(path);
        return tab;
    }

    public ValueTask DisposeAsync() => Browser.DisposeAsync();
}
