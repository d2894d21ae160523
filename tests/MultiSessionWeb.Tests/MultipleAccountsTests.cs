using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class MultipleAccountsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ThreeAccountsSignInToOneBrowserAndTheLastIsActive()
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

    [Fact]
    public async Task SwitchingMakesTheChosenAccountActiveAndKeepsTheOthers()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);

        var page = await browser.SwitchToAsync(ann);
        Assert.Equal(ann.Email, page.ActingEmail);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);

        page = await browser.SwitchToAsync(bob);
        Assert.Equal(bob.Email, page.ActingEmail);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, bob.Email, cat.Email], emails);
        Assert.Equal(bob.Email, active);
    }

    [Fact]
    public async Task SwitchingReturnsToThePageItWasChosenOn()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        var profile = await browser.GetAsync("/account");
        var page = await browser.SubmitAndFollowAsync(profile, profile.Form("/accounts/switch", ann.Email));

        Assert.Equal("/account", page.Path);
        Assert.Contains(ann.Email, page.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOutOfAnAccountThatIsNotActiveChangesNothingElse()
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
    }

    [Fact]
    public async Task SigningOutOfTheActiveAccountHandsOverToTheMostRecentlyUsedOneAndSaysSo()
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

    [Fact]
    public async Task WithOnlyAnAccountWithATaskLeftSigningOutLandsOnTheChooserAndTheHeaderOffersNoSignUp()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SessionService>().MarkPendingAsync(ann.Id, CancellationToken.None);
        }

        var page = await browser.SignOutFromMenuAsync();

        Assert.Equal("/accounts", page.Path);
        Assert.Contains($"Signed out of {bob.Email}.", page.Text, StringComparison.Ordinal);
        Assert.Null((await browser.AccountsAsync()).Active);
        foreach (var path in new[] { "/accounts", "/", "/sign-in" })
        {
            var shown = await browser.GetAsync(path);
            var header = shown.Document.QuerySelector(".site-header")!;
            Assert.Empty(header.QuerySelectorAll("a[href$='/sign-up']"));
            Assert.Single(header.QuerySelectorAll("a[href$='/accounts']"));
        }
    }

    [Fact]
    public async Task SigningOutOfTheLastAccountDeletesTheCookieAndLandsOnSignIn()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var home = await browser.GetAsync("/");
        var response = await browser.SubmitAsync(home, home.Form("/accounts/sign-out"));

        Assert.Equal("/sign-in", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CookieNames.Client + "=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        Assert.Null(browser.ClientCookie);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task SigningOutOfAllAccountsEndsEverySessionAndDeletesTheCookie()
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
        Assert.Equal(3, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(SessionStatus.Removed, s));
        var page = await browser.FollowAsync(response);
        Assert.Contains("Signed out of all accounts.", page.Text, StringComparison.Ordinal);
        Assert.Null(page.ActingEmail);
    }

    [Fact]
    public async Task AnotherBrowserIsNotAffected()
    {
        var (ann, bob, dan) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var first = app.NewBrowser();
        using var second = app.NewBrowser();
        await first.SignInAsync(ann);
        await first.SignInAsync(bob);
        await second.SignInAsync(ann);
        await second.SignInAsync(dan);

        await first.SignOutOfAllAsync();

        var (emails, active) = await second.AccountsAsync();
        Assert.Equal([ann.Email, dan.Email], emails);
        Assert.Equal(dan.Email, active);
        Assert.Empty((await first.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task ASessionRevokedElsewhereStopsWorkingOnTheNextRequest()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var bobSession = await browser.SessionIdOfAsync(bob);
        var cookieBefore = browser.ClientCookie;

        // This browser's sessions are cached by now; the revocation must reach the cache.
        await app.RevokeAsync(bobSession);

        await AssertBobIsRevokedOnTheNextRequestAsync(browser, ann, bob, cookieBefore);
    }

    [Fact]
    public async Task WithTheCacheOffASessionRevokedStraightInTheDatabaseStopsWorkingOnTheNextRequest()
    {
        using var uncached = new AppFactory { ExtraSettings = { ["Sessions:ClientCacheSize"] = "0" } };
        var (ann, bob) = (await uncached.CreateUserAsync(), await uncached.CreateUserAsync());
        using var browser = uncached.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var bobSession = await browser.SessionIdOfAsync(bob);
        var cookieBefore = browser.ClientCookie;

        await uncached.QueryAsync(db => db.Sessions.Where(s => s.Id == bobSession)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SessionStatus.Revoked)));

        await AssertBobIsRevokedOnTheNextRequestAsync(browser, ann, bob, cookieBefore);
    }

    [Fact]
    public async Task SignedInPagesComeFromTheCacheUntilTheAppChangesTheBrowsersSessions()
    {
        var (ann, bob) = (await app.CreateUserAsync("Ann Cached"), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        Assert.Contains("Hello, Ann Cached", (await browser.GetAsync("/")).Text, StringComparison.Ordinal);

        // A change made behind the app's back is not seen: the page did not read the records...
        await app.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.Name, "Ann Renamed")));
        Assert.Contains("Hello, Ann Cached", (await browser.GetAsync("/")).Text, StringComparison.Ordinal);

        // ...until the app changes this browser's sessions, which reads them all again.
        await browser.SignInAsync(bob);
        await browser.SwitchToAsync(ann);
        Assert.Contains("Hello, Ann Renamed", (await browser.GetAsync("/")).Text, StringComparison.Ordinal);
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

    [Fact]
    public async Task SignUpCreatesTheAccountAndAddsItToTheBrowser()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var newcomer = new TestUser("Eve Newcomer", $"eve.{Guid.NewGuid():N}@Example.test", "correct horse battery");

        var page = await browser.SignUpAsync(app, newcomer);

        Assert.Equal(newcomer.Email, page.ActingEmail);
        Assert.Equal([ann.Email], page.OtherEmails);
        var stored = await app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == newcomer.Email));
        Assert.Equal(newcomer.Email.ToUpperInvariant(), stored.NormalizedEmail);
        Assert.DoesNotContain(newcomer.Password, stored.PasswordHash, StringComparison.Ordinal);

        // The email is matched however it is typed.
        using var other = app.NewBrowser();
        page = await other.SignInAsync(newcomer with { Email = "  " + newcomer.Email.ToUpperInvariant() + " " });
        Assert.Equal(newcomer.Email, page.ActingEmail);
    }

    [Fact]
    public async Task SessionRecordsKeepWhereAndHowTheySignedIn()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
        await browser.SignInAsync(ann);

        var record = await app.GetSessionAsync(await browser.SessionIdOfAsync(ann));

        Assert.Equal(SessionStatus.Active, record.Status);
        Assert.Equal("password", record.SignInMethod);
        Assert.Equal(0, record.Slot);
        Assert.Contains("Firefox/140.0", record.UserAgent, StringComparison.Ordinal);
        Assert.Equal(record.CreatedAt + TimeSpan.FromDays(7), record.ExpireAt);
        Assert.Null(record.EndedAt);
    }

    [Fact]
    public async Task NamesAndEmailsWithMarkupInThemShowAsTextInTheMenuAndTheChooser()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var ann = await app.CreateUserAsync(new TestUser("<b>Ann & 'Co' \"Lee\"", $"ann&{id}@example.test", $"pass-{id}-word"));
        var bob = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        var home = await browser.GetAsync("/");
        var row = home.Document.QuerySelector(".account-menu form[action='/accounts/switch'] button")!;
        Assert.Equal($"Switch to {ann.Name}, {ann.Email}", row.GetAttribute("aria-label"));
        Assert.Equal("<\"", row.QuerySelector(".avatar")!.GetAttribute("data-initials"));
        Assert.Equal(ann.Name, row.QuerySelector(".account-row__name")!.TextContent);
        Assert.Equal(ann.Email, row.QuerySelector(".account-row__email")!.TextContent);

        var chooser = await browser.GetAsync("/accounts");
        var entry = chooser.Document.QuerySelectorAll("main .account-row").Single(e => e.GetAttribute("aria-label") == $"Continue as {ann.Name}, {ann.Email}");
        Assert.Equal("<\"", entry.QuerySelector(".avatar")!.GetAttribute("data-initials"));
        Assert.Equal(ann.Name, entry.QuerySelector(".account-row__name")!.TextContent);
        Assert.Empty(chooser.Document.QuerySelectorAll("b"));
    }
}
