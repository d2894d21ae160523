using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// What the provider advertises and answers, and what the app then does: the prompt it sends when
/// adding an account, and every failure on the way there and back landing on the sign-in page. Each
/// test has its own provider and app, since the app caches the provider's metadata.
/// </summary>
public sealed class ProviderFailureTests
{
    [Theory]
    [InlineData("none login consent select_account", "select_account")]
    [InlineData("none login consent", "login")]
    [InlineData(null, "login")]
    [InlineData("none consent", null)]
    public async Task AddingAnAccountSendsThePromptTheProviderAdvertises(string? advertised, string? expected)
    {
        await using var world = new ProviderWorld(p => p.PromptValuesSupported = advertised?.Split(' '));
        using var browser = world.App.NewBrowser();

        await world.SignInAsync(browser, ProviderAccount.New());
        var first = world.Provider.AuthorizeRequests.Last();
        var page = await world.SignInAsync(browser, ProviderAccount.New());

        Assert.Null(first.Prompt);
        Assert.Equal(expected, world.Provider.AuthorizeRequests.Last().Prompt);
        Assert.Equal(2, (await browser.AccountsAsync()).Emails.Count);
        Assert.Equal(HttpStatusCode.OK, page.Status);
    }

    [Theory]
    [InlineData("none", null)]
    [InlineData("login", "login")]
    [InlineData("SelectAccount", "select_account")]
    public async Task APerProviderSettingOverridesTheAdvertisedPrompts(string setting, string? expected)
    {
        await using var world = new ProviderWorld(
            p => p.PromptValuesSupported = ["login", "select_account"],
            new() { ["Authentication:Providers:test:AddAccountPrompt"] = setting });
        using var browser = world.App.NewBrowser();

        await world.SignInAsync(browser, ProviderAccount.New());
        await world.SignInAsync(browser, ProviderAccount.New());

        Assert.Equal(expected, world.Provider.AuthorizeRequests.Last().Prompt);
    }

    [Fact]
    public async Task AProviderThatIsDownWhenTheButtonIsClickedLandsOnTheSignInPageAndALaterAttemptWorks()
    {
        await using var world = new ProviderWorld(p => p.Down = true);
        using var browser = world.App.NewBrowser();

        var page = await browser.GetAsync("/sign-in/external/test?returnUrl=%2Faccount");

        AssertCouldNotStart(page);
        Assert.Contains(world.Logs.EventIds, id => id == 5006);
        Assert.Equal("/account", page.Document.QuerySelector("input[name=ReturnUrl]")?.GetAttribute("value"));

        world.Provider.Down = false;
        var person = ProviderAccount.New();
        page = await world.SignInAsync(browser, person);
        Assert.Equal(person.Email, page.ActingEmail);
    }

    [Fact]
    public async Task ARefusedPushedAuthorizationRequestLandsOnTheSignInPageAndALaterAttemptWorks()
    {
        await using var world = new ProviderWorld(p => (p.Par, p.PushError) = (true, "invalid_request"));
        using var browser = world.App.NewBrowser();

        AssertCouldNotStart(await browser.GetAsync("/sign-in/external/test"));

        world.Provider.PushError = null;
        var person = ProviderAccount.New();
        var page = await world.SignInAsync(browser, person);
        Assert.Equal(person.Email, page.ActingEmail);
        // The request went by PAR: /authorize saw only its reference, the provider resolved the rest.
        Assert.NotNull(world.Provider.AuthorizeRequests.Last().Query.GetValueOrDefault("code_challenge"));
    }

    [Fact]
    public async Task MetadataThatWentStaleIsFetchedAgainAfterAFailedStart()
    {
        await using var world = new ProviderWorld(p => p.Par = true);
        using var browser = world.App.NewBrowser();
        await world.SignInAsync(browser, ProviderAccount.New());

        // The provider moves its PAR endpoint; the app still holds the old metadata.
        world.Provider.ParPath = "/par-moved";
        await browser.SignOutOfAllAsync();
        AssertCouldNotStart(await browser.GetAsync("/sign-in/external/test"));

        // The metadata is fetched again in the background, so a later click goes through: no restart.
        var person = ProviderAccount.New();
        world.Provider.Selected = person;
        HttpResponseMessage challenge;
        var tries = 0;
        while (!(challenge = await browser.Http.GetAsync("/sign-in/external/test")).Headers.Location!.IsAbsoluteUri)
        {
            Assert.True(++tries < 50, "The app still starts no sign-in 10 seconds after the failed start.");
            await Task.Delay(200);
        }

        var answer = await world.Provider.Client.GetAsync(challenge.Headers.Location);
        var page = await browser.FollowAsync(await browser.Http.GetAsync(answer.Headers.Location));
        Assert.Equal(person.Email, page.ActingEmail);
    }

    [Fact]
    public async Task AWrongClientSecretLandsOnTheSignInPageWhetherItShowsAtTheStartOrOnTheWayBack()
    {
        var wrongSecret = new Dictionary<string, string?> { ["Authentication:Providers:test:ClientSecret"] = "not-the-secret" };

        // With PAR the provider checks the secret before the browser leaves.
        await using (var world = new ProviderWorld(p => p.Par = true, wrongSecret))
        {
            using var browser = world.App.NewBrowser();
            AssertCouldNotStart(await browser.GetAsync("/sign-in/external/test"));
        }

        // Without it, at the token endpoint, once the browser is back.
        await using (var world = new ProviderWorld(_ => { }, wrongSecret))
        {
            using var browser = world.App.NewBrowser();
            var page = await world.SignInAsync(browser, ProviderAccount.New());
            Assert.Equal(("/sign-in", HttpStatusCode.OK), (page.Path, page.Status));
            Assert.Contains("didn't complete", page.Text, StringComparison.Ordinal);
            Assert.Empty((await browser.AccountsAsync()).Emails);
        }
    }

    [Fact]
    public async Task MetadataNamingAnotherIssuerIsRefusedWithALogLine()
    {
        await using var world = new ProviderWorld(p => p.MetadataIssuer = "https://elsewhere.example.test");
        using var browser = world.App.NewBrowser();

        AssertCouldNotStart(await browser.GetAsync("/sign-in/external/test"));

        Assert.Contains(world.Logs.EventIds, id => id == 5007);
        Assert.Empty(world.Provider.AuthorizeRequests);
    }

    [Theory]
    [InlineData("https://attacker.example.test")]
    [InlineData(null)]
    public async Task AnAuthorizationResponseWithoutTheProvidersIssIsRefusedWhereTheProviderSendsIt(string? responseIssuer)
    {
        await using var world = new ProviderWorld(p => (p.IssParameter, p.ResponseIssuer) = (true, responseIssuer));
        using var browser = world.App.NewBrowser();

        var page = await world.SignInAsync(browser, ProviderAccount.New());

        Assert.Equal(("/sign-in", HttpStatusCode.OK), (page.Path, page.Status));
        Assert.Contains("didn't complete", page.Text, StringComparison.Ordinal);
        Assert.Empty((await browser.AccountsAsync()).Emails);
        Assert.Contains(world.Logs.EventIds, id => id == 5008);
    }

    [Fact]
    public async Task AnAuthorizationResponseNamingTheProviderSignsIn()
    {
        await using var world = new ProviderWorld(p => p.IssParameter = true);
        world.Provider.ResponseIssuer = world.Provider.Authority;
        using var browser = world.App.NewBrowser();
        var person = ProviderAccount.New();

        Assert.Equal(person.Email, (await world.SignInAsync(browser, person)).ActingEmail);
    }

    [Theory]
    [InlineData("invalid_request")]
    [InlineData("login_required")]
    [InlineData("server_error")]
    public async Task AnyErrorTheProviderAnswersLandsOnTheSignInPage(string error)
    {
        await using var world = new ProviderWorld(p => p.AuthorizeError = error);
        using var browser = world.App.NewBrowser();

        var page = await world.SignInAsync(browser, ProviderAccount.New());

        Assert.Equal(("/sign-in", HttpStatusCode.OK), (page.Path, page.Status));
        Assert.Contains("didn't complete", page.Text, StringComparison.Ordinal);
    }

    private static void AssertCouldNotStart(Page page)
    {
        Assert.Equal(("/sign-in", HttpStatusCode.OK), (page.Path, page.Status));
        Assert.Contains("couldn't start", page.Text, StringComparison.Ordinal);
    }

    /// <summary>A provider, set up by the test, and an app that knows it as <c>test</c>.</summary>
    private sealed class ProviderWorld : IAsyncDisposable
    {
        public ProviderWorld(Action<TestOidcProvider> setUp, Dictionary<string, string?>? settings = null)
        {
            setUp(Provider);
            App = new LoggingAppFactory(Logs);
            foreach (var (key, value) in Provider.AppSettings("test").Concat(settings ?? []))
            {
                App.ExtraSettings[key] = value;
            }
        }

        public TestOidcProvider Provider { get; } = new();

        public EventIdLog Logs { get; } = new();

        public LoggingAppFactory App { get; }

        /// <summary>App → provider's /authorize → app's callback → wherever the app sends the browser.</summary>
        public async Task<Page> SignInAsync(Browser browser, ProviderAccount account)
        {
            Provider.Selected = account;
            var challenge = await browser.Http.GetAsync("/sign-in/external/test");
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            var answer = await Provider.Client.GetAsync(challenge.Headers.Location);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            return await browser.FollowAsync(await browser.Http.GetAsync(answer.Headers.Location));
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Provider.DisposeAsync();
        }
    }

    private sealed class LoggingAppFactory(EventIdLog logs) : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(logs));
        }
    }

    /// <summary>The event ids the app's own code logged: which of its log lines were written.</summary>
    private sealed class EventIdLog : ILoggerProvider
    {
        public ConcurrentQueue<int> EventIds { get; } = new();

        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("MultiSessionWeb.", StringComparison.Ordinal) ? new Recorder(EventIds) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Recorder(ConcurrentQueue<int> ids) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                ids.Enqueue(eventId.Id);
        }
    }
}
