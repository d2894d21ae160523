using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests.Postgres;

/// <summary>The core flows on PostgreSQL: its own migrations, its partial unique indexes, its locking.</summary>
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
    public async Task EveryRequestReadsTheRecordsSoAnEndMadeByAnyInstanceCountsAtOnce()
    {
        // Stands in for another instance: it changes the records, and this instance's memory cannot know.
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var bobSession = await browser.SessionIdOfAsync(bob);

        await app.QueryAsync(db => db.Sessions.Where(s => s.Id == bobSession)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Revoked)));

        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email], emails);
        Assert.Null(active);
    }

    [PostgresFact]
    public async Task ThreeAccountsSignInAndSwitchingKeepsThemAll()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var home = await browser.SignInAsync(cat);
        Assert.Equal(cat.Email, home.ActingEmail);

        var page = await browser.SwitchToAsync(ann);

        Assert.Equal(ann.Email, page.ActingEmail);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, bob.Email, cat.Email], emails);
        Assert.Equal(ann.Email, active);
        Assert.Equal([0, 1, 2], (await browser.GetClientAsync()).Sessions.Select(s => s.Slot));
    }

    [PostgresFact]
    public async Task SigningOutOfOneAccountKeepsTheOthersAndEndsItsRecord()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        var bobSession = await browser.SessionIdOfAsync(bob);

        await browser.SignOutOfAsync(bob);

        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, cat.Email], emails);
        Assert.Equal(cat.Email, active);
        var record = await app.GetSessionAsync(bobSession);
        Assert.Equal(SessionStatus.Removed, record.Status);
        Assert.Equal(DateTimeKind.Utc, record.EndedAt!.Value.Kind);

        // Bob's slot is free again: the partial index no longer counts the removed row.
        await browser.SignInAsync(bob);
        Assert.Equal(1, (await browser.GetClientAsync()).Sessions.Single(s => s.User.Email == bob.Email).Slot);
    }

    [PostgresFact]
    public async Task SigningOutOfTheActiveAccountHandsOverToTheOtherOne()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        var page = await browser.SignOutFromMenuAsync();

        Assert.Equal(ann.Email, page.ActingEmail);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email], emails);
        Assert.Equal(ann.Email, active);
    }

    [PostgresFact]
    public async Task SigningOutOfAllEndsEverySessionAndDeletesTheCookie()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        var clientId = (await browser.GetClientAsync()).Id;

        var home = await browser.GetAsync("/");
        var response = await browser.SubmitAsync(home, home.Form("/accounts/sign-out-all"));

        Assert.Equal("/sign-in", response.Headers.Location!.OriginalString);
        Assert.Null(browser.ClientCookie);
        var statuses = await app.QueryAsync(db => db.Sessions.Where(s => s.ClientId == clientId).Select(s => s.Status).ToListAsync());
        Assert.Equal([SessionStatus.Removed, SessionStatus.Removed, SessionStatus.Removed], statuses);
    }

    [PostgresFact]
    public async Task ASessionRevokedElsewhereStopsWorkingOnTheNextRequest()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        await app.RevokeAsync(await browser.SessionIdOfAsync(bob));

        var response = await browser.GetRawAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (emails, _) = await browser.AccountsAsync();
        Assert.Equal([ann.Email], emails);
        Assert.Equal([(bob.Email, "revoked")], await browser.RememberedAsync());
    }

    [PostgresFact]
    public async Task SignInsPostedFromSeveralTabsAtOnceAllEndUpInTheBrowser()
    {
        var users = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await app.CreateUserAsync());
        }

        using var browser = app.NewBrowser();
        var tabs = new List<Page>();
        foreach (var _ in users)
        {
            tabs.Add(await browser.GetAsync("/sign-in"));
        }

        var responses = await Task.WhenAll(users.Select((user, i) =>
            browser.SubmitAsync(tabs[i], tabs[i].Form("/sign-in"), Scenarios.Credentials(user))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var client = await browser.GetClientAsync();
        Assert.Equal(users.Select(u => u.Email).Order(), client.Sessions.Select(s => s.User.Email).Order());
        Assert.Equal(Enumerable.Range(0, users.Count), client.Sessions.Select(s => s.Slot).Order());
    }

    [PostgresFact]
    public async Task TheSameAccountSignedInFromTwoTabsAtOnceGetsOneSession()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var tabs = new[] { await browser.GetAsync("/sign-in"), await browser.GetAsync("/sign-in"), await browser.GetAsync("/sign-in") };

        await Task.WhenAll(tabs.Select(tab => browser.SubmitAsync(tab, tab.Form("/sign-in"), Scenarios.Credentials(ann))));

        Assert.Equal([ann.Email], (await browser.GetClientAsync()).Sessions.Select(s => s.User.Email));
    }

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
    public async Task ASessionPastItsLifetimeEndsOnTheNextRequest()
    {
        using var own = new PostgresAppFactory();
        var ann = await own.CreateUserAsync();
        using var browser = own.NewBrowser();
        await browser.SignInAsync(ann);

        own.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        Assert.Empty((await browser.AccountsAsync()).Emails);
        Assert.Equal([(ann.Email, "expired")], await browser.RememberedAsync());
        var cleanup = await own.CleanUpAsync(batchSize: 10);
        Assert.Equal(0, cleanup.Expired);
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
