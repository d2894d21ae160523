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
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();

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
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out of all accounts" }).ClickAsync();

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

    private static Infrastructure.TestUser NewPerson(string name)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new Infrastructure.TestUser(name, $"{name.Split(' ')[0].ToLowerInvariant()}.{id}@example.test", $"secret-{id}");
    }
}
