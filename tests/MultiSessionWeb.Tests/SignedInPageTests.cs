using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>What a signed-in page does again on every request, and what it no longer does.</summary>
public sealed class SignedInPageTests(SignedInPageTests.CountingFactory app) : IClassFixture<SignedInPageTests.CountingFactory>
{
    [Fact]
    public async Task ASignedInPageWithNothingToChangeSendsNoSetCookie()
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        await browser.SignInAsync(await app.CreateUserAsync());
        await browser.GetAsync("/");

        var response = await browser.GetRawAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies), string.Join("\n", cookies ?? []));
    }

    [Fact]
    public async Task ANoticeIsStillShownOnceAndItsCookieDeletedAfterwards()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var page = await browser.GetAsync("/accounts");
        var signedOut = await browser.SubmitAsync(page, page.Form("/accounts/sign-out", bob.Email));
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=", StringComparison.Ordinal));

        var shown = await browser.GetRawAsync(signedOut.Headers.Location!.OriginalString);
        var next = await browser.GetAsync("/");

        Assert.Contains(shown.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=;", StringComparison.Ordinal));
        Assert.Contains("signed out", (await Page.LoadAsync(shown)).Document.QuerySelector(".notice")?.TextContent ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Null(next.Document.QuerySelector(".notice"));
    }

    [Fact]
    public async Task TheSameCookieIsUnprotectedOnceForManyRequests()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var start = app.Unprotects;
        await browser.SignInAsync(ann);

        // The sign-in's own pages opened the cookies they were sent, the last one (the page it lands
        // on) the cookie the browser holds now.
        var before = app.Unprotects;
        Assert.True(before > start);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);
        }

        Assert.Equal(0, app.Unprotects - before);
    }

    [Fact]
    public async Task ATamperedCopyOfARememberedCookieIsStillRefused()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);
        var cookie = browser.ClientCookie!;

        var middle = cookie.Length / 2;
        using var other = app.NewBrowser();
        other.SetClientCookie(cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..]);
        var response = await other.GetRawAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await Page.LoadAsync(response)).ActingEmail);
        Assert.StartsWith(CookieNames.Client + "=;", response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieNames.Client + "=", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedKeyStopsOpeningARememberedCookieWithinTheMemoAge()
    {
        await using var fresh = new CountingFactory();
        var ann = await fresh.CreateUserAsync();
        using var browser = fresh.NewBrowser();
        await browser.SignInAsync(ann);
        Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);

        var keys = fresh.Services.GetRequiredService<IKeyManager>();
        foreach (var key in keys.GetAllKeys())
        {
            keys.RevokeKey(key.KeyId, "compromised");
        }

        // The key ring notices the revocation in the background, in a moment: from then on the key
        // opens no cookie it has not opened before.
        var protector = fresh.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(MultiSessionDefaults.DataProtectionPurpose);
        var format = new SecureDataFormat<ClientCookie>(ClientCookieSerializer.Default, protector);
        for (var i = 0; i < 100 && format.Unprotect(browser.ClientCookie) is not null; i++)
        {
            await Task.Delay(100);
        }

        Assert.Null(format.Unprotect(browser.ClientCookie));

        fresh.Time.Advance(new MultiSessionOptions().CookieMemoMaxAge + TimeSpan.FromSeconds(1));
        var page = await browser.GetAsync("/");

        Assert.Null(page.ActingEmail);
        Assert.Equal(HttpStatusCode.OK, page.Status);
    }

    /// <summary>The app with the scheme's Data Protection counted: how often a cookie value is unprotected.</summary>
    public sealed class CountingFactory : AppFactory
    {
        private int _unprotects;

        public int Unprotects => Volatile.Read(ref _unprotects);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services
                .AddOptions<MultiSessionOptions>(MultiSessionDefaults.AuthenticationScheme)
                .Configure<IDataProtectionProvider>((o, dataProtection) => o.DataProtectionProvider = new CountingProvider(this, dataProtection)));
        }

        private sealed class CountingProvider(CountingFactory factory, IDataProtectionProvider inner) : IDataProtectionProvider
        {
            public IDataProtector CreateProtector(string purpose) => new CountingProtector(factory, inner.CreateProtector(purpose));
        }

        private sealed class CountingProtector(CountingFactory factory, IDataProtector inner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new CountingProtector(factory, inner.CreateProtector(purpose));

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref factory._unprotects);
                return inner.Unprotect(protectedData);
            }
        }
    }
}
