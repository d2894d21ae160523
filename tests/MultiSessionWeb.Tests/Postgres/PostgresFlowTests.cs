using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Tests.Infrastructure.Stories;

namespace MultiSessionWeb.Tests.Postgres;

/// <summary>
/// The core flows on PostgreSQL: its own migrations, its partial unique indexes, its locking. The stories
/// the SQLite tests tell are the same <see cref="CoreFlowStories"/>, so both databases answer to the same assertions.
/// </summary>
public sealed class PostgresFlowTests(PostgresAppFactory app) : IClassFixture<PostgresAppFactory>
{
    [PostgresFact]
    public async Task TheAppRunsOnPostgresWithItsOwnMigrations()
    {
        var (provider, applied, pending) = await app.QueryAsync(async db =>
            (db.Database.ProviderName, (await db.Database.GetAppliedMigrationsAsync()).ToList(), (await db.Database.GetPendingMigrationsAsync()).ToList()));

        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", provider);
        Assert.NotEmpty(applied);
        Assert.Empty(pending);
        Assert.IsType<PostgresAppDbContext>(await app.QueryAsync(db => Task.FromResult<object>(db)));
    }

    [PostgresFact]
    public async Task TheIndexesThatKeepConcurrentSignInsHonestArePartialAndUnique()
    {
        var definitions = await app.QueryAsync(db => db.Database
            .SqlQuery<string>($"SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'Sessions' AND indexname IN ('IX_Sessions_ClientId_Slot_Listed', 'IX_Sessions_ClientId_UserId_SignedIn')")
            .ToListAsync());

        Assert.Equal(2, definitions.Count);
        Assert.All(definitions, d => Assert.StartsWith("CREATE UNIQUE INDEX", d, StringComparison.Ordinal));
        Assert.Contains(definitions, d => d.Contains("WHERE ((\"Status\")::text <> ALL", StringComparison.Ordinal) && d.Contains("'Removed'", StringComparison.Ordinal));
        Assert.Contains(definitions, d => d.Contains("WHERE ((\"Status\")::text = ANY", StringComparison.Ordinal) && d.Contains("'Active'", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task AnEndAnnouncedThroughPostgresDropsTheCachedSessionsAndAnUnannouncedOneWaitsForTheMaxAge()
    {
        await PostgresServer.ListenersAsync(app.Database!);
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var bobSession = await browser.SessionIdOfAsync(bob);
        var clientId = await app.QueryAsync(db => db.Sessions.Where(s => s.Id == bobSession).Select(s => s.ClientId).SingleAsync());
        Assert.Equal([ann.Email, bob.Email], (await browser.AccountsAsync()).Emails);

        // Changed past the app and unannounced: the cached list stands (the clock does not move here).
        await PostgresServer.ExecuteAsync(app.Database!, "UPDATE \"Sessions\" SET \"Status\" = 'Revoked' WHERE \"Id\" = $1", bobSession);
        Assert.Equal([ann.Email, bob.Email], (await browser.AccountsAsync()).Emails);

        // What another instance sends with its change: the list is read again once it arrives.
        await PostgresServer.ExecuteAsync(app.Database!, "SELECT pg_notify('msw_client_changes', $1)", clientId);
        await Eventually.EqualAsync([ann.Email], async () => (await browser.AccountsAsync()).Emails);
    }

    [PostgresFact]
    public Task ThreeAccountsSignInToOneBrowserAndTheLastIsActive() => CoreFlowStories.ThreeAccountsSignInToOneBrowserAndTheLastIsActiveAsync(app);

    [PostgresFact]
    public Task SwitchingMakesTheChosenAccountActiveAndKeepsTheOthers() => CoreFlowStories.SwitchingMakesTheChosenAccountActiveAndKeepsTheOthersAsync(app);

    [PostgresFact]
    public Task SigningOutOfAnAccountThatIsNotActiveChangesNothingElse() => CoreFlowStories.SigningOutOfAnAccountThatIsNotActiveChangesNothingElseAsync(app);

    [PostgresFact]
    public async Task SigningOutOfTheActiveAccountHandsOverToTheMostRecentlyUsedOneAndSaysSo()
    {
        // Its own app and database: the story moves the clock.
        using var own = new PostgresAppFactory();
        await CoreFlowStories.SigningOutOfTheActiveAccountHandsOverToTheMostRecentlyUsedOneAndSaysSoAsync(own);
    }

    [PostgresFact]
    public Task SigningOutOfAllAccountsEndsEverySessionAndDeletesTheCookie() => CoreFlowStories.SigningOutOfAllAccountsEndsEverySessionAndDeletesTheCookieAsync(app);

    [PostgresFact]
    public Task ASessionRevokedElsewhereStopsWorkingOnTheNextRequest() => CoreFlowStories.ASessionRevokedElsewhereStopsWorkingOnTheNextRequestAsync(app);

    [PostgresFact]
    public Task SignInsPostedFromSeveralTabsAtOnceAllEndUpInTheBrowser() => CoreFlowStories.SignInsPostedFromSeveralTabsAtOnceAllEndUpInTheBrowserAsync(app);

    [PostgresFact]
    public Task TheSameAccountSignedInFromTwoTabsAtOnceGetsOneSession() => CoreFlowStories.TheSameAccountSignedInFromTwoTabsAtOnceGetsOneSessionAsync(app);

    [PostgresFact]
    public async Task TheCookieStillWorksAfterTheAppRestartsBecauseTheKeyRingIsInTheDatabase()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        using var restarted = app.Restarted();
        using var sameBrowser = restarted.NewBrowser();
        sameBrowser.SetClientCookie(browser.ClientCookie!);

        var (emails, active) = await sameBrowser.AccountsAsync();
        Assert.Equal([ann.Email, bob.Email], emails);
        Assert.Equal(bob.Email, active);
        Assert.Equal(1, await restarted.QueryAsync(db => db.DataProtectionKeys.CountAsync()));
    }

    [PostgresFact]
    public async Task ASessionEndsAtItsMaximumLifetimeAndStaysListedAsSignedOut()
    {
        using var own = new PostgresAppFactory();
        await CoreFlowStories.ASessionEndsAtItsMaximumLifetimeAndStaysListedAsSignedOutAsync(own);
    }

    [PostgresFact]
    public async Task WithoutItsDatabaseTheAppIsAliveButNotReady()
    {
        using var own = new PostgresAppFactory();
        using var http = own.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        PostgresServer.DropDatabase(own.Database!);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }
}
