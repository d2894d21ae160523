using System.Net;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests.Postgres;

/// <summary>
/// Two app processes on one PostgreSQL database, each with its own session cache: an end on one reaches
/// the other's cache through PostgreSQL's notifications, and an instance that cannot hear them caches nothing.
/// The cache's maximum age is set far beyond the tests' waits, so only a notification can make them pass.
/// </summary>
public sealed class CacheAcrossInstancesTests
{
    [PostgresFact]
    public async Task ASessionSignedOutOnOneInstanceStopsWorkingOnTheOtherThatHadItCached()
    {
        await using var world = await TwoInstances.StartAsync();
        var (ann, bob) = (TwoInstances.NewUser("Ann"), TwoInstances.NewUser("Bob"));
        await world.SignUpThroughAAsync(ann, bob);
        using var viaB = world.CopyOfTheCookieOnB();
        Assert.Equal([ann.Email, bob.Email], (await viaB.AccountsAsync()).Emails);

        await world.ViaA.SignOutOfAsync(bob);

        // B cached Bob's session a moment ago, and the copied cookie still holds his ticket.
        await Eventually.EqualAsync([ann.Email], async () => (await viaB.AccountsAsync()).Emails);
    }

    [PostgresFact]
    public async Task AnInstanceThatLosesItsListeningConnectionCachesNothingUntilItListensAgain()
    {
        await using var world = await TwoInstances.StartAsync();
        var (ann, bob, cat) = (TwoInstances.NewUser("Ann"), TwoInstances.NewUser("Bob"), TwoInstances.NewUser("Cat"));
        await world.SignUpThroughAAsync(ann, bob, cat);
        using var viaB = world.CopyOfTheCookieOnB();
        Assert.Equal([ann.Email, bob.Email, cat.Email], (await viaB.AccountsAsync()).Emails);

        // B loses its listening connection and cannot open another (the open ones in the pools serve on).
        var lost = await world.BListenerAsync();
        PostgresServer.Execute($"ALTER DATABASE \"{world.Database}\" ALLOW_CONNECTIONS false");
        PostgresServer.Execute($"SELECT pg_terminate_backend({lost})");
        await world.WaitForBToNoticeAsync();

        // B hears nothing now, so it must read the records: the very next request sees the end.
        await world.ViaA.SignOutOfAsync(bob);
        Assert.Equal([ann.Email, cat.Email], (await viaB.AccountsAsync()).Emails);
        Assert.Equal([ann.Email, cat.Email], (await viaB.AccountsAsync()).Emails);

        // It listens again on a new connection, and notifications reach its cache again.
        PostgresServer.Execute($"ALTER DATABASE \"{world.Database}\" ALLOW_CONNECTIONS true");
        var again = await world.BListenerAsync(except: lost);
        Assert.NotEqual(lost, again);
        Assert.Equal([ann.Email, cat.Email], (await viaB.AccountsAsync()).Emails);
        await world.ViaA.SignOutOfAsync(cat);
        await Eventually.EqualAsync([ann.Email], async () => (await viaB.AccountsAsync()).Emails);
    }

    private sealed class TwoInstances : IAsyncDisposable
    {
        private readonly CookieContainer cookies = new();

        private TwoInstances(string database, AppProcess a, AppProcess b)
        {
            (Database, A, B) = (database, a, b);
            ViaA = new Browser(a.BaseAddress, cookies);
        }

        public string Database { get; }

        public AppProcess A { get; }

        public AppProcess B { get; }

        public Browser ViaA { get; }

        public static async Task<TwoInstances> StartAsync()
        {
            var database = PostgresServer.CreateDatabase();
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Default"] = PostgresServer.ConnectionStringFor(database),
                ["Sessions:ClientCacheMaxAge"] = "00:30:00",
            };
            // A starts first, so it alone migrates the database and makes the first Data Protection key.
            var a = await AppProcess.StartAsync(settings);
            var b = await AppProcess.StartAsync(settings);
            await PostgresServer.ListenersAsync(database, count: 2);
            return new TwoInstances(database, a, b);
        }

        public static TestUser NewUser(string name)
        {
            var id = Guid.NewGuid().ToString("N")[..10];
            return new TestUser($"{name} {id}", $"{name.ToLowerInvariant()}.{id}@example.test", $"pass-{id}-word");
        }

        public async Task SignUpThroughAAsync(params TestUser[] users)
        {
            foreach (var user in users)
            {
                var check = await ViaA.StartSignUpAsync(user);
                await ViaA.EnterCodeAsync(check, await PostgresServer.LatestCodeAsync(Database, user.Email));
            }
        }

        /// <summary>The browser's cookie as it is now, used on B: it keeps every ticket whatever A later signs out.</summary>
        public Browser CopyOfTheCookieOnB()
        {
            var value = cookies.GetCookies(A.BaseAddress)[CookieNames.ClientOverHttp]!.Value;
            var copy = new Browser(B.BaseAddress, new CookieContainer());
            copy.Cookies.Add(B.BaseAddress, new Cookie(CookieNames.ClientOverHttp, value));
            return copy;
        }

        public async Task<int> BListenerAsync(int? except = null) =>
            (await PostgresServer.ListenersAsync(Database, applicationName: $"msw-client-changes {B.ProcessId}", except: except is { } pid ? [pid] : null)).Single();

        public async Task WaitForBToNoticeAsync()
        {
            for (var attempt = 0; !B.Output.Contains("Lost the connection that listens", StringComparison.Ordinal); attempt++)
            {
                Assert.True(attempt < 300, $"B did not notice its lost connection within 30 seconds:\n{B.Output}");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            ViaA.Dispose();
            await A.DisposeAsync();
            await B.DisposeAsync();
            PostgresServer.DropDatabase(Database);
        }
    }
}
