using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Tests.Infrastructure.Stories;

namespace MultiSessionWeb.Tests;

/// <summary>
/// A test that moves the clock does so on an app of its own: the shared app's clock stays where it
/// started, so no test depends on which ran before it.
/// </summary>
public sealed class MultipleAccountsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public Task ThreeAccountsSignInToOneBrowserAndTheLastIsActive() => CoreFlowStories.ThreeAccountsSignInToOneBrowserAndTheLastIsActiveAsync(app);

    [Fact]
    public Task SwitchingMakesTheChosenAccountActiveAndKeepsTheOthers() => CoreFlowStories.SwitchingMakesTheChosenAccountActiveAndKeepsTheOthersAsync(app);

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
    public Task SigningOutOfAnAccountThatIsNotActiveChangesNothingElse() => CoreFlowStories.SigningOutOfAnAccountThatIsNotActiveChangesNothingElseAsync(app);

    [Fact]
    public async Task TheMenusOtherAccountsShareOneFormAndThePressedButtonSwitchesToOrSignsOutOnlyItsAccount()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        var sessions = (await browser.GetClientAsync()).Sessions.ToDictionary(s => s.User.Email, s => s.Id);

        var home = await browser.GetAsync("/");
        var form = Assert.Single(home.Document.QuerySelectorAll(".account-menu form#menu-accounts").OfType<IHtmlFormElement>());
        Assert.Empty(form.QuerySelectorAll("input[name=SessionId]"));
        Assert.Single(form.QuerySelectorAll("input[name=__RequestVerificationToken]"));
        Assert.Equal("/accounts/switch", form.GetAttribute("action"));
        var buttons = home.Document.QuerySelectorAll("button[form='menu-accounts']")
            .ToDictionary(b => b.GetAttribute("aria-label")!, b => (Name: b.GetAttribute("name"), Value: b.GetAttribute("value"), Action: b.GetAttribute("formaction")));
        Assert.Equal(4, buttons.Count);
        Assert.Equal(("SessionId", sessions[ann.Email], (string?)null), buttons[$"Switch to {ann.Name}, {ann.Email}"]);
        Assert.Equal(("SessionId", sessions[ann.Email], "/accounts/sign-out"), buttons[$"Sign out of {ann.Email}"]);
        Assert.Equal(("SessionId", sessions[bob.Email], "/accounts/sign-out"), buttons[$"Sign out of {bob.Email}"]);
        // Three forms in all, however many accounts: this one, the active account's sign-out, and sign out of all.
        Assert.Equal(3, home.Document.QuerySelectorAll(".account-menu form").Length);

        // What a browser sends when Bob's sign-out is pressed: the form's fields, to the button's
        // formaction, with the button's name and value.
        var page = await browser.SubmitAndFollowAsync(home, home.Form("/accounts/sign-out", $"Sign out of {bob.Email}"));

        Assert.Equal("/", page.Path);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, cat.Email], emails);
        Assert.Equal(cat.Email, active);

        // And when Ann's row is pressed, a switch to Ann.
        page = await browser.SubmitAndFollowAsync(page, page.Form("/accounts/switch", $"Switch to {ann.Name}"));
        Assert.Equal(ann.Email, page.ActingEmail);
        Assert.Equal([ann.Email, cat.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task SigningOutOfTheActiveAccountHandsOverToTheMostRecentlyUsedOneAndSaysSo()
    {
        using var own = new AppFactory();
        await CoreFlowStories.SigningOutOfTheActiveAccountHandsOverToTheMostRecentlyUsedOneAndSaysSoAsync(own);
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
            await scope.ServiceProvider.GetRequiredService<SessionStore>().MarkPendingAsync(ann.Id, CancellationToken.None);
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
    public Task SigningOutOfAllAccountsEndsEverySessionAndDeletesTheCookie() => CoreFlowStories.SigningOutOfAllAccountsEndsEverySessionAndDeletesTheCookieAsync(app);

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
    public Task ASessionRevokedElsewhereStopsWorkingOnTheNextRequest() => CoreFlowStories.ASessionRevokedElsewhereStopsWorkingOnTheNextRequestAsync(app);

    [Fact]
    public async Task WithTheCacheOffASessionRevokedStraightInTheDatabaseStopsWorkingOnTheNextRequest()
    {
        using var uncached = new AppFactory { ExtraSettings = { ["Sessions:ClientCacheSize"] = "0" } };
        await CoreFlowStories.ASessionRevokedStraightInTheDatabaseStopsWorkingOnTheNextRequestAsync(uncached);
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
        var row = home.Document.QuerySelector(".account-menu button[form='menu-accounts']:not([formaction])")!;
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
