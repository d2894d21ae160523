using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Tests.Infrastructure.Stories;

/// <summary>
/// The core stories, written once and told on each database: the SQLite tests and the PostgreSQL tests
/// each call them in one line, so both databases are held to the same assertions.
/// </summary>
internal static class CoreFlowStories
{
    public static async Task ThreeAccountsSignInToOneBrowserAndTheLastIsActiveAsync(AppFactory app)
    {
        var (ann, bob, cat) = (await app.CreateUserAsync("Ann Lee"), await app.CreateUserAsync("Bob Day"), await app.CreateUserAsync("Cat Ng"));
        using var browser = app.NewBrowser();

        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var home = await browser.SignInAsync(cat);

        Assert.Equal("/", home.Path);
        Assert.Equal(cat.Email, home.ActingEmail);
        Assert.Equal([ann.Email, bob.Email], home.OtherEmails);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, bob.Email, cat.Email], emails);
        Assert.Equal(cat.Email, active);
    }

    public static async Task SwitchingMakesTheChosenAccountActiveAndKeepsTheOthersAsync(AppFactory app)
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);

        var page = await browser.SwitchToAsync(ann);
        Assert.Equal(ann.Email, page.ActingEmail);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, bob.Email, cat.Email], emails);
        Assert.Equal(ann.Email, active);
        Assert.Equal([0, 1, 2], (await browser.GetClientAsync()).Sessions.Select(s => s.Slot));

        page = await browser.SwitchToAsync(bob);
        Assert.Equal(bob.Email, page.ActingEmail);
        (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, bob.Email, cat.Email], emails);
        Assert.Equal(bob.Email, active);
    }

    public static async Task SigningOutOfAnAccountThatIsNotActiveChangesNothingElseAsync(AppFactory app)
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        var bobSession = await browser.SessionIdOfAsync(bob);

        var page = await browser.SignOutOfAsync(bob);

        Assert.Equal("/accounts", page.Path);
        Assert.Contains($"Signed out of {bob.Email}.", page.Text, StringComparison.Ordinal);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, cat.Email], emails);
        Assert.Equal(cat.Email, active);
        var record = await app.GetSessionAsync(bobSession);
        Assert.Equal(SessionStatus.Removed, record.Status);
        Assert.NotNull(record.EndedAt);
        Assert.Equal(DateTimeKind.Utc, record.EndedAt.Value.Kind);

        // Bob's slot is free again: the unique index on listed slots no longer counts the removed row.
        await browser.SignInAsync(bob);
        Assert.Equal(1, (await browser.GetClientAsync()).Sessions.Single(s => s.User.Email == bob.Email).Slot);
    }

    /// <summary>Moves the clock four minutes: <paramref name="app"/> should be the test's own.</summary>
    public static async Task SigningOutOfTheActiveAccountHandsOverToTheMostRecentlyUsedOneAndSaysSoAsync(AppFactory app)
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        // Ann is used after Bob was signed in: she, not Bob (the newer sign-in), is the most recent.
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await browser.SwitchToAsync(ann);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await browser.SwitchToAsync(cat);

        var page = await browser.SignOutFromMenuAsync();

        Assert.Equal("/", page.Path);
        Assert.Equal(ann.Email, page.ActingEmail);
        Assert.Contains($"Signed out of {cat.Email}. You're now using {ann.Name}.", page.Text, StringComparison.Ordinal);
        Assert.Equal([bob.Email], page.OtherEmails);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, bob.Email], emails);
        Assert.Equal(ann.Email, active);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetRawAsync("/account")).StatusCode);
    }

    public static async Task SigningOutOfAllAccountsEndsEverySessionAndDeletesTheCookieAsync(AppFactory app)
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        var clientId = (await browser.GetClientAsync()).Id;
        // A remembered entry ("signed out elsewhere") goes too.
        await app.RevokeAsync(await browser.SessionIdOfAsync(bob));

        var home = await browser.GetAsync("/");
        var response = await browser.SubmitAsync(home, home.Form("/accounts/sign-out-all"));

        Assert.Equal("/sign-in", response.Headers.Location!.OriginalString);
        Assert.Null(browser.ClientCookie);
        var statuses = await app.QueryAsync(db => db.Sessions.Where(s => s.ClientId == clientId).Select(s => s.Status).ToListAsync());
        Assert.Equal([SessionStatus.Removed, SessionStatus.Removed, SessionStatus.Removed], statuses);
        var page = await browser.FollowAsync(response);
        Assert.Contains("Signed out of all accounts.", page.Text, StringComparison.Ordinal);
        Assert.Null(page.ActingEmail);
    }

    public static async Task ASessionRevokedElsewhereStopsWorkingOnTheNextRequestAsync(AppFactory app)
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var bobSession = await browser.SessionIdOfAsync(bob);
        var cookieBefore = browser.ClientCookie;

        // Where the app caches this browser's sessions, they are cached by now; the revocation must reach the cache.
        await app.RevokeAsync(bobSession);

        await AssertBobIsRevokedOnTheNextRequestAsync(browser, ann, bob, cookieBefore);
    }

    /// <summary>
    /// Stands in for another instance, or anything else the app's memory cannot know of: the record changes
    /// behind the app's back. <paramref name="app"/> must read the records on every request.
    /// </summary>
    public static async Task ASessionRevokedStraightInTheDatabaseStopsWorkingOnTheNextRequestAsync(AppFactory app)
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var bobSession = await browser.SessionIdOfAsync(bob);
        var cookieBefore = browser.ClientCookie;

        await app.QueryAsync(db => db.Sessions.Where(s => s.Id == bobSession)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Revoked)));

        await AssertBobIsRevokedOnTheNextRequestAsync(browser, ann, bob, cookieBefore);
    }

    public static async Task SignInsPostedFromSeveralTabsAtOnceAllEndUpInTheBrowserAsync(AppFactory app)
    {
        var users = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await app.CreateUserAsync());
        }

        using var browser = app.NewBrowser();
        // Six tabs open the sign-in page of a browser that has never signed in, then all submit at once.
        var tabs = new List<Page>();
        for (var i = 0; i < users.Count; i++)
        {
            tabs.Add(await browser.GetAsync("/sign-in"));
        }

        var responses = await Task.WhenAll(users.Select((user, i) =>
            browser.SubmitAsync(tabs[i], tabs[i].Form("/sign-in"), Scenarios.Credentials(user))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var client = await browser.GetClientAsync();
        Assert.Equal(users.Select(u => u.Email).Order(), client.Sessions.Select(s => s.User.Email).Order());
        Assert.Equal(Enumerable.Range(0, users.Count), client.Sessions.Select(s => s.Slot).Order());
        Assert.Contains(client.Sessions, s => s.Id == client.LastActiveSessionId);
    }

    public static async Task TheSameAccountSignedInFromTwoTabsAtOnceGetsOneSessionAsync(AppFactory app)
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var tabs = new[] { await browser.GetAsync("/sign-in"), await browser.GetAsync("/sign-in"), await browser.GetAsync("/sign-in") };

        await Task.WhenAll(tabs.Select(tab => browser.SubmitAsync(tab, tab.Form("/sign-in"), Scenarios.Credentials(ann))));

        var client = await browser.GetClientAsync();
        Assert.Equal([ann.Email], client.Sessions.Select(s => s.User.Email));
    }

    /// <summary>Moves the clock a week: <paramref name="app"/> should be the test's own.</summary>
    public static async Task ASessionEndsAtItsMaximumLifetimeAndStaysListedAsSignedOutAsync(AppFactory app)
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        app.Time.Advance(TimeSpan.FromDays(3));
        await browser.SignInAsync(bob);
        var annSession = await browser.SessionIdOfAsync(ann);

        app.Time.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));

        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([bob.Email], emails);
        Assert.Equal(bob.Email, active);
        Assert.Equal([(ann.Email, "expired")], await browser.RememberedAsync());
        var record = await app.GetSessionAsync(annSession);
        Assert.Equal(SessionStatus.Expired, record.Status);
        Assert.Equal("max-lifetime", record.EndReason);

        var chooser = await browser.GetAsync("/accounts");
        var entry = chooser.Document.QuerySelector($"a.account-row--signed-out[href='/sign-in?email={Uri.EscapeDataString(ann.Email)}']");
        Assert.NotNull(entry);
        Assert.Contains("Signed out — sign in again", entry.TextContent, StringComparison.Ordinal);

        // The request wrote the end down itself: the cleanup finds nothing left to expire.
        var cleanup = await app.CleanUpAsync(batchSize: 10);
        Assert.Equal(0, cleanup.Expired);
    }

    private static async Task AssertBobIsRevokedOnTheNextRequestAsync(Browser browser, TestUser ann, TestUser bob, string? cookieBefore)
    {
        var response = await browser.GetRawAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/accounts", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // The cookie was rewritten without the dead ticket.
        Assert.NotEqual(cookieBefore, browser.ClientCookie);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email], emails);
        Assert.Null(active);
        Assert.Equal([(bob.Email, "revoked")], await browser.RememberedAsync());
    }
}
