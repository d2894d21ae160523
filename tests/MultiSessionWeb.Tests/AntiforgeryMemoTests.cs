using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>Antiforgery's cryptography, done once for a browser rather than on every page, and still refusing what it refused.</summary>
public sealed class AntiforgeryMemoTests(AntiforgeryMemoTests.CountingFactory app) : IClassFixture<AntiforgeryMemoTests.CountingFactory>
{
    [Fact]
    public async Task AnUnchangedBrowserGetsTheSameTokenWithoutTheKeyRingBeingAskedAgain()
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        var bob = await app.CreateUserAsync();
        await browser.SignInAsync(bob);
        var first = TokenOf(await browser.GetAsync("/"));
        var before = app.Operations;

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(first, TokenOf(await browser.GetAsync("/")));
        }

        Assert.Equal(0, app.Operations - before);
        Assert.Equal(bob.Email, (await browser.GetAsync("/")).ActingEmail);
    }

    [Fact]
    public async Task ARememberedTokenStillPostsAndATamperedCopyOfItIsRefused()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var page = await browser.GetAsync("/accounts");
        var token = TokenOf(page);

        // Opened once by this switch, so remembered from here on.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(page, page.Form("/accounts/switch", ann.Email))).StatusCode);
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];
        var refused = await browser.SubmitAsync(page, page.Form("/accounts/switch", bob.Email), new Dictionary<string, string> { ["__RequestVerificationToken"] = tampered });
        var accepted = await browser.SubmitAsync(page, page.Form("/accounts/switch", bob.Email), new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("This form has expired", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(bob.Email, (await browser.AccountsAsync()).Active);
    }

    [Fact]
    public async Task ARememberedTokenIsSealedAndOpenedAgainOnceItsMemoAgeHasPassed()
    {
        await using var fresh = new CountingFactory();
        using var browser = fresh.NewBrowser();
        await browser.SignInAsync(await fresh.CreateUserAsync());
        var first = TokenOf(await browser.GetAsync("/"));
        var before = fresh.Operations;
        Assert.Equal(first, TokenOf(await browser.GetAsync("/")));
        Assert.Equal(0, fresh.Operations - before);

        fresh.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var again = TokenOf(await browser.GetAsync("/"));

        // The cookie token opened again, and the request token sealed again: with a fresh nonce, so
        // other bytes that still carry the same token.
        Assert.Equal(2, fresh.Operations - before);
        Assert.NotEqual(first, again);
    }

    [Fact]
    public async Task AnUnchangedBrowserGetsItsTokensWithoutTheFrameworkMakingThemAgain()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var first = TokenOf(await browser.GetAsync("/accounts"));
        var before = app.RequestTokensMade;

        var page = await browser.GetAsync("/accounts");
        await browser.GetAsync("/");
        await browser.GetAsync("/account");

        Assert.Equal(0, app.RequestTokensMade - before);
        Assert.Equal(first, TokenOf(page));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(page, page.Form("/accounts/switch", ann.Email))).StatusCode);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
    }

    [Fact]
    public async Task ABrowserThatLostItsAntiforgeryCookieGetsANewOneAndTokensThatPostWithIt()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var old = TokenOf(await browser.GetAsync("/accounts"));
        var lost = AntiforgeryCookieOf(browser);
        lost.Expired = true;
        browser.Cookies.Add(lost);

        var response = await browser.GetRawAsync("/accounts");
        var page = await browser.FollowAsync(response);

        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.NotEqual(lost.Value, AntiforgeryCookieOf(browser).Value);
        Assert.NotEqual(old, TokenOf(page));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(page, page.Form("/accounts/switch", ann.Email))).StatusCode);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
    }

    [Fact]
    public async Task ACopiedAntiforgeryCookieGetsTokensForTheCopyingBrowserOnly()
    {
        var (ann, bob, eve) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var victim = app.NewBrowser();
        await victim.SignInAsync(ann);
        await victim.SignInAsync(bob);
        var victimPage = await victim.GetAsync("/accounts");
        using var attacker = app.NewBrowser();
        await attacker.SignInAsync(eve);
        attacker.Cookies.Add(AntiforgeryCookieOf(victim));

        var attackerToken = TokenOf(await attacker.GetAsync("/accounts"));
        var refused = await victim.SubmitAsync(victimPage, victimPage.Form("/accounts/switch", ann.Email),
            new Dictionary<string, string> { ["__RequestVerificationToken"] = attackerToken });

        Assert.NotEqual(TokenOf(victimPage), attackerToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(bob.Email, (await victim.AccountsAsync()).Active);
    }

    private static Cookie AntiforgeryCookieOf(Browser browser) =>
        browser.Cookies.GetCookies(Browser.BaseAddress).Single(c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));

    private static string TokenOf(Page page) =>
        page.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"{page.Url} has no antiforgery token.");

    /// <summary>
    /// The app with the framework's antiforgery work counted: every token the key ring seals or opens,
    /// and every form token the framework makes (each asks the additional-data provider once).
    /// </summary>
    public sealed class CountingFactory : AppFactory
    {
        private const string AntiforgeryPurpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";

        private int _operations;

        private int _requestTokensMade;

        public int Operations => Volatile.Read(ref _operations);

        public int RequestTokensMade => Volatile.Read(ref _requestTokensMade);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                var keyRing = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
                services.Remove(keyRing);
                services.AddSingleton<IDataProtectionProvider>(provider => new CountingProvider(this, (IDataProtectionProvider)(
                    keyRing.ImplementationFactory?.Invoke(provider)
                    ?? keyRing.ImplementationInstance
                    ?? ActivatorUtilities.CreateInstance(provider, keyRing.ImplementationType!))));
                services.AddSingleton<IAntiforgeryAdditionalDataProvider>(new CountingAdditionalData(this));
            });
        }

        private sealed class CountingAdditionalData(CountingFactory factory) : IAntiforgeryAdditionalDataProvider
        {
            public string GetAdditionalData(HttpContext context)
            {
                Interlocked.Increment(ref factory._requestTokensMade);
                return "";
            }

            public bool ValidateAdditionalData(HttpContext context, string additionalData) => additionalData.Length == 0;
        }

        private sealed class CountingProvider(CountingFactory factory, IDataProtectionProvider inner) : IDataProtectionProvider
        {
            public IDataProtector CreateProtector(string purpose) =>
                purpose == AntiforgeryPurpose ? new CountingProtector(factory, inner.CreateProtector(purpose)) : inner.CreateProtector(purpose);
        }

        private sealed class CountingProtector(CountingFactory factory, IDataProtector inner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => inner.CreateProtector(purpose);

            public byte[] Protect(byte[] plaintext)
            {
                Interlocked.Increment(ref factory._operations);
                return inner.Protect(plaintext);
            }

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref factory._operations);
                return inner.Unprotect(protectedData);
            }
        }
    }
}
