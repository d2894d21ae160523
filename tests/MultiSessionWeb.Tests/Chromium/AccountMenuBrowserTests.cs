using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

[Collection(SharedChromium.Name)]
public sealed class AccountMenuBrowserTests(ChromiumFixture chromium)
{
    private Infrastructure.AppFactory App => chromium.App;

    [Fact]
    public async Task SignUpTwoAccountsThenAddAThirdFromTheMenu()
    {
        var (ann, bob, cat) = (NewPerson("Ann Archer"), NewPerson("Bob Baker"), await App.CreateUserAsync("Cat Cole"));
        await using var browser = await chromium.NewBrowserAsync();
        var page = await browser.NewPageAsync();

        await page.SignUpAsync(App, ann);
        await page.SignUpAsync(App, bob);
        await page.AddAccountFromMenuAsync(cat);

        await page.ExpectActingAsync(cat);
        await page.ExpectOtherAccountsAsync(ann, bob);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hello, Cat Cole" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SwitchFromTheMenuStaysOnThePage()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Switch"), await App.CreateUserAsync("Bob Switch"));
        await using var browser = await chromium.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);
        await page.GotoAsync("/account");

        await page.SwitchFromMenuAsync(ann);

        Assert.EndsWith("/account", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ann Switch" })).ToBeVisibleAsync();
        await page.ExpectOtherAccountsAsync(bob);
    }

    [Fact]
    public async Task SignOutOfTheMiddleAccountKeepsTheOthers()
    {
        var (ann, bob, cat) = (await App.CreateUserAsync("Ann Mid"), await App.CreateUserAsync("Bob Mid"), await App.CreateUserAsync("Cat Mid"));
        await using var browser = await chromium.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);
        await page.AddAccountFromMenuAsync(cat);

        await page.OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "All accounts on this browser" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign out of {bob.Email}" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Signed out of {bob.Email}.");
        await page.ExpectActingAsync(cat);
        await page.ExpectOtherAccountsAsync(ann);
    }

    [Fact]
    public async Task SignOutOfTheActiveAccountHandsOverToTheOtherOne()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Pick"), await App.CreateUserAsync("Bob Pick"));
        await using var browser = await chromium.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);

        await page.OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign out of {bob.Name}", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Signed out of {bob.Email}. You're now using {ann.Name}.");
        await page.ExpectActingAsync(ann);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign up" })).ToHaveCountAsync(0);
        await page.ExpectOtherAccountsAsync();
    }

    [Fact]
    public async Task SignOutOfAllAccounts()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann All"), await App.CreateUserAsync("Bob All"));
        await using var browser = await chromium.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);

        await page.OpenAccountMenuAsync();
        var signOutAll = page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign out of all accounts" });
        await Expect(signOutAll).ToBeHiddenAsync();
        await page.SignOutOfAllAccountsFromMenuAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Signed out of all accounts.");
        await Expect(page.GetByLabel("Account menu")).ToHaveCountAsync(0);
        var client = await page.Context.APIRequest.GetAsync("/api/client");
        Assert.Equal("""{"id":null,"lastActiveSessionId":null,"sessions":[]}""", await client.TextAsync());
    }

    [Fact]
    public async Task SigningInToTheSameAccountTwiceSaysItIsAlreadySignedIn()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Twice"), await App.CreateUserAsync("Bob Twice"));
        await using var browser = await chromium.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);

        await page.OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Add account" }).ClickAsync();
        await page.SubmitSignInAsync(ann);

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"You're already signed in as {ann.Email}.");
        await page.ExpectActingAsync(ann);
        await page.ExpectOtherAccountsAsync(bob);
    }

    [Fact]
    public async Task TheMenuWorksFromTheKeyboard()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Keys"), await App.CreateUserAsync("Bob Keys"));
        await using var browser = await chromium.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);
        await page.GotoAsync("/");

        var menu = page.GetByLabel("Account menu");
        for (var i = 0; i < 10 && !await menu.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(menu).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var switchToAnn = page.GetByRole(AriaRole.Button, new() { Name = $"Switch to {ann.Name}, {ann.Email}" });
        await Expect(switchToAnn).ToBeVisibleAsync();
        for (var i = 0; i < 10 && !await switchToAnn.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await page.ExpectActingAsync(ann);
    }

    [Theory]
    [InlineData(320)]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task EscapeAndAClickOutsideCloseTheMenu(int width)
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Escape"), await App.CreateUserAsync("Bob Escape"));
        await using var browser = await chromium.NewBrowserAsync(width, 740);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);
        var allAccounts = page.GetByRole(AriaRole.Link, new() { Name = "All accounts on this browser" });

        await page.OpenAccountMenuAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(allAccounts).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Account menu")).ToBeFocusedAsync();

        await page.OpenAccountMenuAsync();
        await page.Locator("main").ClickAsync(new() { Position = new() { X = 5, Y = 5 } });
        await Expect(allAccounts).ToBeHiddenAsync();

        // A click inside the menu leaves it open.
        await page.OpenAccountMenuAsync();
        await page.Locator(".account-menu__current").ClickAsync();
        await Expect(allAccounts).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(320)]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task AnotherAccountSignsOutFromTheMenuAndTheActiveOneStays(int width)
    {
        var (ann, bob, cat) = (await App.CreateUserAsync("Ann Menuout"), await App.CreateUserAsync("Bob Menuout"), await App.CreateUserAsync("Cat Menuout"));
        await using var browser = await chromium.NewBrowserAsync(width, 740);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);
        await page.AddAccountFromMenuAsync(cat);
        await page.GotoAsync("/account");

        await page.OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign out of {bob.Email}" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Signed out of {bob.Email}.");
        Assert.EndsWith("/account", page.Url, StringComparison.Ordinal);
        await page.ExpectActingAsync(cat);
        await page.ExpectOtherAccountsAsync(ann);
    }

    [Fact]
    public async Task TheMenuNamesWhatItsControlsDoInWordsAndSaysWhoIsNowActiveAfterASwitch()
    {
        var (ann, bob) = (await App.CreateUserAsync("Ann Words"), await App.CreateUserAsync("Bob Words"));
        await using var browser = await chromium.NewBrowserAsync(375, 740);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(ann);
        await page.AddAccountFromMenuAsync(bob);

        await page.OpenAccountMenuAsync();
        // Touch screens show no tooltips: the new-tab control says what it does on the page.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Open {ann.Email} in a new tab" })).ToHaveTextAsync("↗ New tab");
        var signOut = page.GetByRole(AriaRole.Button, new() { Name = $"Sign out of {bob.Name}", Exact = true });
        var signOutAll = page.Locator(".account-menu summary", new() { HasText = "Sign out of all accounts" });
        var (one, all) = (await signOut.BoundingBoxAsync(), await signOutAll.BoundingBoxAsync());
        Assert.True(one is not null && all is not null && Math.Abs(one.X - all.X) < 1 && Math.Abs(one.Width - all.Width) < 1, "The two sign-out buttons line up.");

        await page.SwitchFromMenuAsync(ann);
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Now using {ann.Name}");
    }

    [Fact]
    public async Task AnOpenMenuGivesWayToTheAlertThatThisTabsAccountWasSignedOut()
    {
        await using var tabs = await chromium.TwoAccountsInOneBrowserAsync("Covered");
        await tabs.Browser.Pages[0].SetViewportSizeAsync(375, 740);
        var pinned = tabs.First;
        await pinned.GotoAsync("/u/1/account");
        await pinned.ExpectActingAsync(tabs.Bob);
        await pinned.OpenAccountMenuAsync();

        var other = await tabs.NewTabAsync("/accounts");
        await other.GetByRole(AriaRole.Button, new() { Name = $"Sign out of {tabs.Bob.Email}" }).ClickAsync();

        var alert = pinned.Locator("#tab-signed-out");
        await Expect(alert).ToBeVisibleAsync();
        var covered = await alert.EvaluateAsync<bool>(
            "a => { const r = a.getBoundingClientRect(); const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !a.contains(e); }");
        Assert.False(covered, "The account menu covers the alert.");
    }

    private static Infrastructure.TestUser NewPerson(string name)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new Infrastructure.TestUser(name, $"{name.Split(' ')[0].ToLowerInvariant()}.{id}@example.test", $"secret-{id}");
    }
}
