using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// Sign-in through an OpenID Connect provider: the app's real handler talks HTTP to a provider the
/// test hosts, with discovery, a signed ID token, PKCE and the browser's correlation cookies.
/// </summary>
public sealed class SocialSignInTests(SocialSignInTests.ProviderAppFactory app) : IClassFixture<SocialSignInTests.ProviderAppFactory>
{
    private TestOidcProvider Provider => app.Provider;

    [Fact]
    public async Task ANewPersonGetsAnAccountFromTheProvider()
    {
        using var browser = app.NewBrowser();
        var person = ProviderAccount.New();

        var page = await SignInWithProviderAsync(browser, person);

        Assert.Equal("/", page.Path);
        Assert.Equal(person.Email, page.ActingEmail);
        var user = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == person.Email));
        Assert.NotNull(user.EmailVerifiedAt);
        Assert.Equal(person.Name, user.Name);
        var login = await app.QueryAsync(db => db.ExternalLogins.AsNoTracking().SingleAsync(l => l.UserId == user.Id));
        Assert.Equal(("test", person.Subject), (login.Provider, login.Subject));
        Assert.Null(browser.Cookies.GetCookies(Browser.BaseAddress)[CookieNames.External]);
        Assert.Contains(await EventsAsync(user.Id), e => e is { Type: SecurityEventTypes.SignedIn, Detail: "external-test" });
    }

    [Fact]
    public async Task AVerifiedEmailOfAnExistingAccountLinksOnlyOnceItsOwnerConfirmsOnAPageThatNamesTheProviderAccount()
    {
        var user = await app.CreateUserAsync();
        var social = ProviderAccount.New(emailVerified: true, email: user.Email);
        using var browser = app.NewBrowser();

        var page = await SignInWithProviderAsync(browser, social);

        Assert.Equal("/sign-in/external/test/done", page.Path);
        Assert.Contains("already has an account", page.Text, StringComparison.Ordinal);
        Assert.Empty((await browser.AccountsAsync()).Emails);
        // The waiting link sits in the temporary external cookie, prefixed like the client cookie.
        var external = browser.Cookies.GetCookies(Browser.BaseAddress)[CookieNames.External];
        Assert.NotNull(external);
        Assert.True(external.Secure && external.HttpOnly && external.Path == "/");
        Assert.Null(browser.Cookies.GetCookies(Browser.BaseAddress)[CookieNames.ExternalOverHttp]);

        page = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in"), Scenarios.Credentials(user));

        // Signed in, and asked: the sign-in alone links nothing.
        Assert.Equal("/account/link", page.Path);
        Assert.Equal(user.Email, page.ActingEmail);
        Assert.Contains($"Link Test ID account {social.Name} ({social.Email}) to your account?", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, await LoginCountAsync(user.Id));

        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/link"));

        Assert.Contains("Linked Test ID", page.Text, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.ExternalLogins.CountAsync(l => l.UserId == user.Id && l.Subject == social.Subject)));
        var normalized = MultiSessionWeb.Users.UserService.NormalizeEmail(user.Email);
        Assert.Equal(1, await app.QueryAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == normalized)));
        Assert.Contains(await EventsAsync(user.Id), e => e is { Type: SecurityEventTypes.ExternalLoginLinked, Detail: "test" });

        // From now on the provider alone signs the account in, in any browser.
        using var other = app.NewBrowser();
        Assert.Equal(user.Email, (await SignInWithProviderAsync(other, social)).ActingEmail);
    }

    [Fact]
    public async Task CancellingTheConfirmationLinksNothing()
    {
        var user = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(user);

        // Signed in already: the provider's answer goes straight to the question.
        var page = await SignInWithProviderAsync(browser, ProviderAccount.New(emailVerified: true, email: user.Email));
        Assert.Equal("/account/link", page.Path);
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/link/cancel"));

        Assert.Contains("Nothing was linked", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, await LoginCountAsync(user.Id));
        Assert.Null(browser.Cookies.GetCookies(Browser.BaseAddress)[CookieNames.External]);
        Assert.Equal("/", (await browser.GetAsync("/account/link")).Path);
    }

    /// <summary>
    /// The takeover on a shared computer: someone signs in with a provider account that claims carol's
    /// address unverified; carol then signs in with her password in that browser within minutes.
    /// </summary>
    [Fact]
    public async Task AnUnverifiedProviderEmailIsNeverLinkedEvenWhenTheOwnerSignsInInThatBrowserNext()
    {
        var carol = await app.CreateUserAsync();
        var attacker = ProviderAccount.New(emailVerified: false, email: carol.Email);
        using var shared = app.NewBrowser();

        var page = await SignInWithProviderAsync(shared, attacker);
        Assert.Contains($"hasn't verified {carol.Email}", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("already has an account", page.Text, StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromMinutes(2));

        page = await shared.SignInAsync(carol);

        Assert.Equal(carol.Email, page.ActingEmail);
        Assert.NotEqual("/account/link", page.Path);
        Assert.Equal(0, await LoginCountAsync(carol.Id));
        Assert.Equal(0, await app.QueryAsync(db => db.ExternalLogins.CountAsync(l => l.Subject == attacker.Subject)));

        // The attacker's provider account signs in as nobody, in the attacker's own browser.
        using var attackers = app.NewBrowser();
        page = await SignInWithProviderAsync(attackers, attacker);
        Assert.Contains($"hasn't verified {carol.Email}", page.Text, StringComparison.Ordinal);
        Assert.Empty((await attackers.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task AnAddressTheProviderDidNotVerifyMakesNoAccount()
    {
        using var browser = app.NewBrowser();
        var social = ProviderAccount.New(emailVerified: false);

        var page = await SignInWithProviderAsync(browser, social);

        Assert.Contains($"hasn't verified {social.Email}", page.Text, StringComparison.Ordinal);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == social.Email)));
        Assert.Empty((await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task AnotherAccountsPasswordDoesNotTakeThePendingLink()
    {
        var owner = await app.CreateUserAsync();
        var someoneElse = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await SignInWithProviderAsync(browser, ProviderAccount.New(emailVerified: true, email: owner.Email));

        var page = await browser.SignInAsync(someoneElse);

        Assert.NotEqual("/account/link", page.Path);
        Assert.Equal("/", (await browser.GetAsync("/account/link")).Path);
        Assert.Equal(0, await app.QueryAsync(db => db.ExternalLogins.CountAsync(l => l.UserId == owner.Id || l.UserId == someoneElse.Id)));
    }

    [Fact]
    public async Task AddingAnAccountAsksTheProviderToLetThePersonChoose()
    {
        using var browser = app.NewBrowser();
        var first = ProviderAccount.New();
        var second = ProviderAccount.New();

        await SignInWithProviderAsync(browser, first);
        var firstRequest = LastAuthorizeRequest();
        var page = await SignInWithProviderAsync(browser, second);
        var secondRequest = LastAuthorizeRequest();

        Assert.Null(firstRequest.Prompt);
        Assert.Equal("select_account", secondRequest.Prompt);
        Assert.NotNull(firstRequest.Query.GetValueOrDefault("code_challenge"));
        Assert.Equal(second.Email, page.ActingEmail);
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([first.Email, second.Email], emails);
        Assert.Equal(second.Email, active);
    }

    [Fact]
    public async Task DecliningAtTheProviderLandsOnTheSignInPageWithAMessage()
    {
        using var browser = app.NewBrowser();

        var page = await SignInWithProviderAsync(browser, ProviderAccount.New(), deny: true);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/sign-in", page.Path);
        Assert.Contains("was cancelled", page.Text, StringComparison.Ordinal);
        Assert.Empty((await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task ATamperedStateOrAMissingCorrelationCookieLandsOnTheSignInPageWithAMessage()
    {
        using var browser = app.NewBrowser();
        Provider.Selected = ProviderAccount.New();
        var callback = await CallbackFromProviderAsync(browser);

        var tampered = new Uri(callback.AbsoluteUri.Replace("state=", "state=x", StringComparison.Ordinal));
        var page = await browser.FollowAsync(await browser.Http.GetAsync(tampered));
        Assert.Equal(("/sign-in", HttpStatusCode.OK), (page.Path, page.Status));
        Assert.Contains("didn't complete", page.Text, StringComparison.Ordinal);

        // The right state in a browser that never started the flow: no correlation cookie.
        using var stranger = app.NewBrowser();
        page = await stranger.FollowAsync(await stranger.Http.GetAsync(callback));
        Assert.Equal(("/sign-in", HttpStatusCode.OK), (page.Path, page.Status));
        Assert.Contains("didn't complete", page.Text, StringComparison.Ordinal);
        Assert.Empty((await stranger.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task AnUnknownProviderSaysSoOnTheSignInPage()
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync("/sign-in/external/nowhere");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("isn't available", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignInPageOffersTheConfiguredProvider()
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync("/sign-in?returnUrl=%2Faccount");

        var link = page.Document.QuerySelectorAll("a").Single(a => a.TextContent.Contains("Continue with Test ID", StringComparison.Ordinal));
        Assert.Equal("/sign-in/external/test?returnUrl=%2Faccount", link.GetAttribute("href"));
    }

    [Fact]
    public async Task TheReturnUrlSurvivesTheTripToTheProvider()
    {
        using var browser = app.NewBrowser();

        var page = await SignInWithProviderAsync(browser, ProviderAccount.New(), "/sign-in/external/test?returnUrl=%2Faccount%2Fsecurity");

        Assert.Equal("/account/security", page.Path);
    }

    [Fact]
    public async Task ALinkedSignInCanBeRemovedWhenAPasswordRemains()
    {
        var user = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(user);
        var confirm = await SignInWithProviderAsync(browser, ProviderAccount.New(emailVerified: true, email: user.Email));
        await browser.SubmitAndFollowAsync(confirm, confirm.Form("/account/link"));

        var page = await browser.GetAsync("/account/logins");
        Assert.Contains("Test ID", page.Text, StringComparison.Ordinal);
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/logins/unlink"));

        Assert.Contains("Removed", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.ExternalLogins.CountAsync(l => l.UserId == user.Id)));
        Assert.Contains(await EventsAsync(user.Id), e => e is { Type: SecurityEventTypes.ExternalLoginUnlinked, Detail: "test" });
    }

    [Fact]
    public async Task TheLastWayIntoAnAccountCannotBeRemoved()
    {
        using var browser = app.NewBrowser();
        var person = ProviderAccount.New();
        await SignInWithProviderAsync(browser, person);

        var page = await browser.GetAsync("/account/logins");
        Assert.Contains("can't be removed", page.Text, StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("form[action$='/account/logins/unlink']"));

        // Posted anyway, as a form on the page would send it.
        var loginId = await app.QueryAsync(db => db.ExternalLogins.Where(l => l.Subject == person.Subject).Select(l => l.Id).SingleAsync());
        var response = await browser.Http.PostAsync("/account/logins/unlink",
            Html.HandMade(page, new Dictionary<string, string> { ["LoginId"] = loginId.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        page = await browser.FollowAsync(response);

        Assert.Contains("the only way to sign in", page.Text, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.ExternalLogins.CountAsync(l => l.Subject == person.Subject)));
    }

    [Fact]
    public async Task WithoutProvidersThereIsNoProviderButton()
    {
        using var plain = new AppFactory();
        using var browser = plain.NewBrowser();

        var page = await browser.GetAsync("/sign-in");

        Assert.DoesNotContain("Continue with", page.Text, StringComparison.Ordinal);
    }

    /// <summary>The browser's trip: app → provider's /authorize (its own host, so its own client) → app's callback → wherever the app sends it.</summary>
    private async Task<Page> SignInWithProviderAsync(Browser browser, ProviderAccount account, string start = "/sign-in/external/test", bool deny = false)
    {
        Provider.Selected = account;
        Provider.Deny = deny;
        try
        {
            var callback = await CallbackFromProviderAsync(browser, start);
            return await browser.FollowAsync(await browser.Http.GetAsync(callback));
        }
        finally
        {
            Provider.Deny = false;
        }
    }

    private async Task<Uri> CallbackFromProviderAsync(Browser browser, string start = "/sign-in/external/test")
    {
        var challenge = await browser.Http.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(Provider.Authority + "/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);

        var answer = await Provider.Client.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var callback = answer.Headers.Location!;
        Assert.Equal(new Uri(Browser.BaseAddress, "/signin-test").AbsoluteUri, callback.GetLeftPart(UriPartial.Path));
        return callback;
    }

    private Task<int> LoginCountAsync(string userId) => app.QueryAsync(db => db.ExternalLogins.CountAsync(l => l.UserId == userId));

    private AuthorizeRequest LastAuthorizeRequest() => Provider.AuthorizeRequests.Last();

    private Task<List<SecurityEvent>> EventsAsync(string userId) =>
        app.QueryAsync(db => db.SecurityEvents.AsNoTracking().Where(e => e.UserId == userId).ToListAsync());

    public sealed class ProviderAppFactory : AppFactory
    {
        public ProviderAppFactory()
        {
            foreach (var (key, value) in Provider.AppSettings("test"))
            {
                ExtraSettings[key] = value;
            }
        }

        public TestOidcProvider Provider { get; } = new();

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                Provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
