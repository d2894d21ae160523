using System.Net;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests.Postgres;

/// <summary>
/// Two app processes on one PostgreSQL database, as behind a load balancer: an attacker who sends every
/// other attempt to the other instance gets no more attempts than against one.
/// </summary>
public sealed class TwoInstanceLimitTests
{
    [PostgresFact]
    public async Task AnAttackerAlternatingBetweenTwoInstancesGetsNoMoreAttemptsThanAgainstOne()
    {
        var database = PostgresServer.CreateDatabase();
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Default"] = PostgresServer.ConnectionStringFor(database),
                ["RateLimits:PerIdentifierPerMinute"] = "3",
                ["RateLimits:SignInPerAddressPerMinute"] = "8",
                ["RateLimits:CodeVerifyPerAddressPerMinute"] = "4",
            };
            await using var a = await AppProcess.StartAsync(settings);
            await using var b = await AppProcess.StartAsync(settings);
            var cookies = new CookieContainer();
            using var viaA = new Browser(a.BaseAddress, cookies);
            using var viaB = new Browser(b.BaseAddress, cookies);
            var victim = $"victim.{Guid.NewGuid():N}@example.test";
            // A code page from each instance, asked for by two browsers (one browser waits between codes), on one address.
            using var codeBrowserA = new Browser(a.BaseAddress, new CookieContainer());
            using var codeBrowserB = new Browser(b.BaseAddress, new CookieContainer());
            var codeViaA = await codeBrowserA.AskForEmailCodeAsync($"asked.{Guid.NewGuid():N}@example.test");
            var codeViaB = await codeBrowserB.AskForEmailCodeAsync($"asked.{Guid.NewGuid():N}@example.test");
            // Every limit here counts one-minute windows: start where the whole attack fits in one.
            await UntilEarlyInAMinuteAsync();

            // Wrong passwords for one email: three per minute for that email, wherever they land.
            var guesses = new List<HttpStatusCode>();
            for (var i = 0; i < 6; i++)
            {
                guesses.Add(await SignInAsync(i % 2 == 0 ? viaA : viaB, victim));
            }

            // Sign-in posts from one address: eight per minute, the six above included.
            var posts = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                posts.Add(await SignInAsync(i % 2 == 0 ? viaA : viaB, $"other.{i}.{Guid.NewGuid():N}@example.test"));
            }

            // Code entries from one address: four per minute.
            var entries = new List<HttpStatusCode>();
            for (var i = 0; i < 6; i++)
            {
                var (browser, page) = i % 2 == 0 ? (codeBrowserA, codeViaA) : (codeBrowserB, codeViaB);
                entries.Add((await browser.SubmitAsync(page, page.Form("/verify"), new Dictionary<string, string>
                {
                    ["Email"] = $"entry.{i}.{Guid.NewGuid():N}@example.test",
                    ["Code"] = "123456",
                })).StatusCode);
            }

            HttpStatusCode[] Refused(int allowed, int of) => [.. Enumerable.Range(0, of).Select(i => i < allowed ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests)];
            Assert.Equal(Refused(3, 6), guesses);
            Assert.Equal(Refused(2, 4), posts);
            Assert.Equal(Refused(4, 6), entries);
        }
        finally
        {
            PostgresServer.DropDatabase(database);
        }
    }

    private static async Task<HttpStatusCode> SignInAsync(Browser browser, string email)
    {
        var page = await browser.GetAsync("/sign-in");
        var response = await browser.SubmitAsync(page, page.Form("/sign-in"), new Dictionary<string, string> { ["Email"] = email, ["Password"] = "a wrong password" });
        return response.StatusCode;
    }

    private static async Task UntilEarlyInAMinuteAsync()
    {
        var second = DateTimeOffset.UtcNow.Second;
        if (second > 30)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }
}
