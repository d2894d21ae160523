using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Messaging;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// Whether an address has an account shows neither in the answer nor in the work behind it: both
/// paths hash a password exactly once and answer the same page. (Measured times: docs/security.md.)
/// </summary>
public sealed class EqualWorkTests(EqualWorkTests.CountingAppFactory app) : IClassFixture<EqualWorkTests.CountingAppFactory>
{
    [Fact]
    public async Task SignUpHashesThePasswordOnceAndAnswersTheSameForARegisteredAndANewAddress()
    {
        var ann = await app.CreateUserAsync();
        var newcomer = new TestUser("Nia New", $"nia.{Guid.NewGuid():N}@example.test", "a good password");
        using var browser = app.NewBrowser();

        var (registered, registeredHashes) = await app.CountHashingAsync(() => browser.StartSignUpAsync(ann with { Password = "another password" }));
        var (fresh, freshHashes) = await app.CountHashingAsync(() => browser.StartSignUpAsync(newcomer));

        Assert.Equal(1, registeredHashes);
        Assert.Equal(1, freshHashes);
        Assert.Equal(fresh.Status, registered.Status);
        Assert.Equal(
            fresh.Document.QuerySelector("main")!.TextContent.Replace(newcomer.Email, "", StringComparison.Ordinal),
            registered.Document.QuerySelector("main")!.TextContent.Replace(ann.Email, "", StringComparison.Ordinal));
        Assert.Equal(
            fresh.Document.QuerySelectorAll("input").Select(i => i.GetAttribute("name")),
            registered.Document.QuerySelectorAll("input").Select(i => i.GetAttribute("name")));
    }

    [Fact]
    public async Task AWrongPasswordHashesOnceAndAnswersTheSameForARealAndAnUnknownAccount()
    {
        var ann = await app.CreateUserAsync();
        var unknown = new TestUser("", $"nobody.{Guid.NewGuid():N}@example.test", "some password");
        using var browser = app.NewBrowser();

        var (real, realHashes) = await app.CountHashingAsync(() => browser.SignInAsync(ann with { Password = "not the password" }));
        var (missing, missingHashes) = await app.CountHashingAsync(() => browser.SignInAsync(unknown));

        Assert.Equal(1, realHashes);
        Assert.Equal(1, missingHashes);
        Assert.Equal(real.Status, missing.Status);
        Assert.Equal(real.MainTextWithout(ann.Email), missing.MainTextWithout(unknown.Email));
    }

    [Fact]
    public async Task TheSignUpPageAnswersBeforeTheMailServerDoes()
    {
        // A mail server that takes the connection and never says a word.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var slowMail = new AppFactory();
        slowMail.ExtraSettings["Email:Smtp:Host"] = "127.0.0.1";
        slowMail.ExtraSettings["Email:Smtp:Port"] = ((IPEndPoint)silent.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        slowMail.ExtraSettings["Email:Smtp:Security"] = "None";
        slowMail.ExtraSettings["Email:Smtp:Timeout"] = "00:01:00";
        using var browser = slowMail.NewBrowser();

        var page = await browser.StartSignUpAsync(new TestUser("Sam Slow", $"sam.{Guid.NewGuid():N}@example.test", "a good password"));

        // The page is there while the message still waits on the server: it was never on the request's path.
        Assert.Equal("Verify your email", page.Document.QuerySelector("h1")!.TextContent);
        Assert.Equal(1, slowMail.Services.GetRequiredService<OutgoingMessages>().Pending);
    }

    /// <summary>The app with its password hasher wrapped in one that counts.</summary>
    public sealed class CountingAppFactory : AppFactory
    {
        private readonly CountingHasher _hasher = new();
        private readonly SemaphoreSlim _one = new(1, 1);

        /// <summary>Runs <paramref name="action"/> alone and counts the hasher's calls (hash or verify) it made.</summary>
        public async Task<(T Result, int Calls)> CountHashingAsync<T>(Func<Task<T>> action)
        {
            ArgumentNullException.ThrowIfNull(action);
            await _one.WaitAsync();
            try
            {
                var before = _hasher.Calls;
                var result = await action();
                return (result, _hasher.Calls - before);
            }
            finally
            {
                _one.Release();
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<User>>(_hasher));
        }

        private sealed class CountingHasher : IPasswordHasher<User>
        {
            private readonly PasswordHasher<User> _inner = new();
            private int _calls;

            public int Calls => Volatile.Read(ref _calls);

            public string HashPassword(User user, string password)
            {
                Interlocked.Increment(ref _calls);
                return _inner.HashPassword(user, password);
            }

            public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
            {
                Interlocked.Increment(ref _calls);
                return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
            }
        }
    }
}
