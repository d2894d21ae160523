using System.Net;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests.Postgres;

/// <summary>
/// Two app processes on one PostgreSQL database, as behind a load balancer: one browser's requests
/// land on either, and each sees what the other did on its very next request.
/// </summary>
public sealed class TwoInstanceTests
{
    [PostgresFact]
    public async Task TwoInstancesOnOneDatabaseServeOneBrowserAsOneApp()
    {
        var database = PostgresServer.CreateDatabase();
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Default"] = PostgresServer.ConnectionStringFor(database),
            };
            // A starts first, so it alone migrates the database and makes the first Data Protection key.
            await using var a = await AppProcess.StartAsync(settings);
            await using var b = await AppProcess.StartAsync(settings);
            var cookies = new CookieContainer();
            using var viaA = new Browser(a.BaseAddress, cookies);
            using var viaB = new Browser(b.BaseAddress, cookies);
            var (ann, bob, cat) = (NewUser("Ann"), NewUser("Bob"), NewUser("Cat"));

            // Three accounts sign in through A...
            foreach (var user in new[] { ann, bob, cat })
            {
                var check = await viaA.StartSignUpAsync(user);
                await viaA.EnterCodeAsync(check, await PostgresServer.LatestCodeAsync(database, user.Email));
            }

            // ...and B reads the cookie A wrote: the key ring is shared through the database.
            var (emails, active) = await viaB.AccountsAsync();
            Assert.Equal([ann.Email, bob.Email, cat.Email], emails);
            Assert.Equal(cat.Email, active);
            Assert.Equal(cat.Email, (await viaB.GetAsync("/account")).ActingEmail);

            // Signing out of Bob on B ends his session for A too, even for a cookie that still holds his ticket.
            var cookieWithBob = cookies.GetCookies(a.BaseAddress)[CookieNames.ClientOverHttp]!.Value;
            await viaB.SignOutOfAsync(bob);
            using var staleViaA = new Browser(a.BaseAddress, new CookieContainer());
            staleViaA.Cookies.Add(a.BaseAddress, new Cookie(CookieNames.ClientOverHttp, cookieWithBob));
            (emails, active) = await staleViaA.AccountsAsync();
            Assert.Equal([ann.Email, cat.Email], emails);
            Assert.Equal(cat.Email, active);
            Assert.DoesNotContain(bob.Email, (await viaA.GetAsync("/accounts")).Text, StringComparison.Ordinal);

            // Switching on A: B follows.
            await viaA.SwitchToAsync(ann);
            Assert.Equal(ann.Email, (await viaB.GetAsync("/")).ActingEmail);
            Assert.Equal(ann.Email, (await viaB.AccountsAsync()).Active);

            // Signing out of everything on B leaves A nothing.
            await viaB.SignOutOfAllAsync();
            Assert.Null((await viaA.GetAsync("/")).ActingEmail);
            Assert.Empty((await viaA.GetClientAsync()).Sessions);
        }
        finally
        {
            PostgresServer.DropDatabase(database);
        }
    }

    private static TestUser NewUser(string name)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new TestUser($"{name} {id}", $"{name.ToLowerInvariant()}.{id}@example.test", $"pass-{id}-word");
    }
}
