using System.Collections.Concurrent;
using Microsoft.Playwright;
using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Tests.Oidc;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>
/// External sign-in in Chromium against a provider nobody here wrote: the npm oidc-provider, with its
/// own login and consent pages, in its default configuration and with select_account enabled. Every
/// response the browser sees, the app's and the provider's, is below 500.
/// </summary>
[Collection(SharedChromium.Name)]
public sealed class OidcProviderBrowserTests(ChromiumFixture chromium)
{
    private static readonly TestUser Alice = new("Alice Example", "alice@oidc.test", "");
    private static readonly TestUser Bob = new("Bob Example", "bob@oidc.test", "");

    [NodeOidcFact]
    public async Task SignInWithTheProvidersOwnPages()
    {
        await using var world = await NodeWorld.StartAsync(chromium);

        await world.SignInAsync("alice");

        await world.Page.ExpectActingAsync(Alice);
        world.AssertNoServerErrors();
    }

    [NodeOidcFact]
    public async Task AddingASecondAccountAsksTheProviderToSignInAgain()
    {
        await using var world = await NodeWorld.StartAsync(chromium);
        await world.SignInAsync("alice");

        // Its discovery lists no prompt values: the app sends login, which every provider takes.
        await world.AddAccountAsync();
        await world.LoginAtProviderAsync("bob");

        await world.Page.ExpectActingAsync(Bob);
        await world.Page.ExpectOtherAccountsAsync(Alice);
        world.AssertNoServerErrors();
    }

    [NodeOidcFact]
    public async Task TheSameAccountTwiceSaysItIsAlreadySignedIn()
    {
        await using var world = await NodeWorld.StartAsync(chromium);
        await world.SignInAsync("alice");

        await world.AddAccountAsync();
        await world.LoginAtProviderAsync("alice");

        await Expect(world.Page.GetByText($"You're already signed in as {Alice.Email}.")).ToBeVisibleAsync();
        await world.Page.ExpectActingAsync(Alice);
        world.AssertNoServerErrors();
    }

    [NodeOidcFact]
    public async Task CancellingAtTheProviderLandsOnTheSignInPage()
    {
        await using var world = await NodeWorld.StartAsync(chromium);
        await world.Page.GotoAsync("/sign-in");
        await world.ContinueWithProviderAsync();

        await world.Page.GetByRole(AriaRole.Link, new() { Name = "[ Cancel ]" }).ClickAsync();

        await Expect(world.Page.GetByText("Sign-in with the provider was cancelled")).ToBeVisibleAsync();
        Assert.Equal("/sign-in", new Uri(world.Page.Url).AbsolutePath);
        world.AssertNoServerErrors();
    }

    [NodeOidcFact]
    public async Task AProviderThatIsDownLandsOnTheSignInPageAndWorksOnceItIsBack()
    {
        await using var world = await NodeWorld.StartAsync(chromium, startProvider: false);
        await world.Page.GotoAsync("/sign-in");

        await world.ContinueWithProviderAsync();
        await ExpectCouldNotStartAsync(world.Page);

        await world.Provider.StartAsync(world.RedirectUri);
        await world.ContinueWithProviderAsync();
        await world.LoginAtProviderAsync("alice");

        await world.Page.ExpectActingAsync(Alice);
        world.AssertNoServerErrors();
    }

    [NodeOidcFact]
    public async Task AWrongClientSecretLandsOnTheSignInPage()
    {
        await using var world = await NodeWorld.StartAsync(chromium, clientSecret: "not-the-secret");
        await world.Page.GotoAsync("/sign-in");

        // oidc-provider advertises PAR, so the secret is checked before the browser leaves the app.
        await world.ContinueWithProviderAsync();

        await ExpectCouldNotStartAsync(world.Page);
        world.AssertNoServerErrors();
    }

    [NodeOidcFact]
    public async Task MetadataNamingAnotherIssuerLandsOnTheSignInPage()
    {
        await using var world = await NodeWorld.StartAsync(chromium, issuerMismatch: true);
        await world.Page.GotoAsync("/sign-in");

        await world.ContinueWithProviderAsync();

        await ExpectCouldNotStartAsync(world.Page);
        Assert.DoesNotContain(world.Responses, r => r.Url.StartsWith(world.Provider.Authority, StringComparison.Ordinal));
        world.AssertNoServerErrors();
    }

    [NodeOidcFact]
    public async Task WithSelectAccountEnabledAddingAnAccountShowsTheProvidersPicker()
    {
        await using var world = await NodeWorld.StartAsync(chromium, selectAccount: true);
        await world.SignInAsync("alice");

        await world.AddAccountAsync();
        await Expect(world.Page.GetByRole(AriaRole.Heading, new() { Name = "Choose an account" })).ToBeVisibleAsync();
        await Expect(world.Page.GetByRole(AriaRole.Button, new() { Name = "Continue as alice" })).ToBeVisibleAsync();
        await world.Page.GetByPlaceholder("Another account").FillAsync("bob");
        await world.Page.GetByRole(AriaRole.Button, new() { Name = "Use another account" }).ClickAsync();
        await world.ConsentIfAskedAsync();

        await world.Page.ExpectActingAsync(Bob);
        await world.Page.ExpectOtherAccountsAsync(Alice);
        world.AssertNoServerErrors();
    }

    [NodeOidcFact]
    public async Task WithSelectAccountEnabledPickingTheSameAccountSaysItIsAlreadySignedIn()
    {
        await using var world = await NodeWorld.StartAsync(chromium, selectAccount: true);
        await world.SignInAsync("alice");

        await world.AddAccountAsync();
        await world.Page.GetByRole(AriaRole.Button, new() { Name = "Continue as alice" }).ClickAsync();
        await world.ConsentIfAskedAsync();

        await Expect(world.Page.GetByText($"You're already signed in as {Alice.Email}.")).ToBeVisibleAsync();
        world.AssertNoServerErrors();
    }

    private static async Task ExpectCouldNotStartAsync(IPage page)
    {
        await Expect(page.GetByText("Sign-in with the provider couldn't start")).ToBeVisibleAsync();
        Assert.Equal("/sign-in", new Uri(page.Url).AbsolutePath);
    }

    /// <summary>One app, one Node provider (started or not) and one browser profile, for one test.</summary>
    private sealed class NodeWorld : IAsyncDisposable
    {
        private NodeWorld(NodeOidcProvider provider, KestrelAppFactory app, Uri root, IBrowserContext context, IPage page)
        {
            Provider = provider;
            App = app;
            RedirectUri = new Uri(root, "/signin-node").AbsoluteUri;
            Context = context;
            Page = page;
            page.Response += (_, response) => Responses.Enqueue((response.Status, response.Url));
        }

        public NodeOidcProvider Provider { get; }

        public KestrelAppFactory App { get; }

        public string RedirectUri { get; }

        public IBrowserContext Context { get; }

        public IPage Page { get; }

        public ConcurrentQueue<(int Status, string Url)> Responses { get; } = new();

        public static async Task<NodeWorld> StartAsync(
            ChromiumFixture chromium, bool selectAccount = false, string? clientSecret = null, bool issuerMismatch = false, bool startProvider = true)
        {
            var provider = NodeOidcProvider.OnFreePort();
            var app = new KestrelAppFactory
            {
                ExtraSettings =
                {
                    ["Authentication:Providers:node:Authority"] = provider.Authority,
                    ["Authentication:Providers:node:ClientId"] = NodeOidcProvider.ClientId,
                    ["Authentication:Providers:node:ClientSecret"] = clientSecret ?? NodeOidcProvider.ClientSecret,
                    ["Authentication:Providers:node:DisplayName"] = "Node ID",
                    ["Authentication:Providers:node:RequireHttpsMetadata"] = "false",
                },
            };
            var root = app.StartAndGetAddress();
            var context = await chromium.Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = root.ToString() });

            // The provider's pages import a web font; nothing leaves the machine.
            await context.RouteAsync("**/*", route => new Uri(route.Request.Url).IsLoopback ? route.ContinueAsync() : route.AbortAsync());
            var world = new NodeWorld(provider, app, root, context, await context.NewPageAsync());
            if (startProvider)
            {
                await provider.StartAsync(world.RedirectUri, selectAccount, issuerMismatch ? $"http://localhost:{provider.Port}" : null);
            }

            return world;
        }

        public async Task SignInAsync(string login)
        {
            await Page.GotoAsync("/sign-in");
            await ContinueWithProviderAsync();
            await LoginAtProviderAsync(login);
        }

        public Task ContinueWithProviderAsync() =>
            Page.GetByRole(AriaRole.Link, new() { Name = "Continue with Node ID" }).ClickAsync();

        public async Task AddAccountAsync()
        {
            await Page.OpenAccountMenuAsync();
            await Page.GetByRole(AriaRole.Link, new() { Name = "+ Add account" }).ClickAsync();
            await ContinueWithProviderAsync();
        }

        /// <summary>oidc-provider's development login page takes any password for a login it knows.</summary>
        public async Task LoginAtProviderAsync(string login)
        {
            await Page.GetByPlaceholder("Enter any login").FillAsync(login);
            await Page.GetByPlaceholder("and password").FillAsync("any password");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
            await ConsentIfAskedAsync();
        }

        /// <summary>The consent page comes once per account; after that the provider goes straight back.</summary>
        public async Task ConsentIfAskedAsync()
        {
            var consent = Page.GetByRole(AriaRole.Heading, new() { Name = "Authorize" });
            var backInTheApp = Page.GetByLabel("Account menu");
            await Expect(consent.Or(backInTheApp)).ToBeVisibleAsync();
            if (await consent.IsVisibleAsync())
            {
                await Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
                await Expect(backInTheApp).ToBeVisibleAsync();
            }
        }

        public void AssertNoServerErrors()
        {
            Assert.NotEmpty(Responses);
            Assert.DoesNotContain(Responses, r => r.Status >= 500);
        }

        public async ValueTask DisposeAsync()
        {
            await Context.DisposeAsync();
            await Provider.DisposeAsync();
            await App.DisposeAsync();
        }
    }
}
