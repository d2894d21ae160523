using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>The server's passkey checks, driven by an authenticator in code instead of a browser.</summary>
public sealed class PasskeyTests
{
    private const string Stale = "That passkey request expired or was already used.";
    private const string Failed = "That passkey didn't work.";

    [Fact]
    public async Task APasskeyAddedOnThePasskeysPageSignsInAnotherBrowser()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        using var laptop = app.NewBrowser();
        await laptop.SignInAsync(ann);
        using var key = NewKey();

        var list = await AddPasskeyAsync(laptop, key);

        Assert.Contains("This device only", list.Text, StringComparison.Ordinal);
        using var phone = app.NewBrowser();
        var signedIn = await SignInWithPasskeyAsync(phone, key);
        Assert.Equal(ann.Email, signedIn.ActingEmail);
        var session = (await phone.GetClientAsync()).Sessions.Single();
        Assert.Equal(SignInMethods.Passkey, (await app.GetSessionAsync(session.Id)).SignInMethod);
    }

    [Fact]
    public async Task StateFromAnotherBrowserIsRefused()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        using var key = await RegisteredKeyAsync(app, ann);
        using var mallory = app.NewBrowser();
        using var victim = app.NewBrowser();
        var own = await mallory.GetAsync("/sign-in");
        var victimsPage = await victim.GetAsync("/sign-in");

        // The victim's sealed state, answered and posted by another browser in its own form.
        var page = await mallory.SubmitAndFollowAsync(own, own.Form("/sign-in/passkey"), new Dictionary<string, string>
        {
            ["PasskeyState"] = StateOf(victimsPage.Form("/sign-in/passkey")),
            ["Credential"] = key.Get(OptionsOf(victimsPage, "passkey-signin-options")),
        });

        Assert.Contains(Stale, page.Text, StringComparison.Ordinal);
        Assert.Empty((await mallory.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task StateUsedTwiceIsRefusedTheSecondTime()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        using var key = await RegisteredKeyAsync(app, ann);
        using var browser = app.NewBrowser();
        var signIn = await browser.GetAsync("/sign-in");
        var answer = new Dictionary<string, string> { ["Credential"] = key.Get(OptionsOf(signIn, "passkey-signin-options")) };

        answer["PasskeyState"] = StateOf(signIn.Form("/sign-in/passkey"));
        var first = await browser.SubmitAndFollowAsync(signIn, signIn.Form("/sign-in/passkey"), answer);
        await browser.SignOutOfAsync(ann);
        var again = await browser.GetAsync("/sign-in");
        var replay = await browser.SubmitAndFollowAsync(again, again.Form("/sign-in/passkey"), answer);

        Assert.Equal(ann.Email, first.ActingEmail);
        Assert.Contains(Stale, replay.Text, StringComparison.Ordinal);
        Assert.DoesNotContain((await browser.GetClientAsync()).Sessions, s => s.Status == "active");
    }

    [Fact]
    public async Task StateOlderThanFiveMinutesIsRefused()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        using var key = await RegisteredKeyAsync(app, ann);
        using var browser = app.NewBrowser();
        var signIn = await browser.GetAsync("/sign-in");

        app.Time.Advance(TimeSpan.FromMinutes(6));
        var page = await browser.SubmitAndFollowAsync(signIn, signIn.Form("/sign-in/passkey"),
            new Dictionary<string, string> { ["Credential"] = key.Get(OptionsOf(signIn, "passkey-signin-options")) });

        Assert.Contains(Stale, page.Text, StringComparison.Ordinal);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task AnUnknownPasskeyIsRefused()
    {
        using var app = NewApp();
        using var stranger = NewKey();
        using var browser = app.NewBrowser();
        var signIn = await browser.GetAsync("/sign-in");

        var page = await browser.SubmitAndFollowAsync(signIn, signIn.Form("/sign-in/passkey"),
            new Dictionary<string, string> { ["Credential"] = stranger.Get(OptionsOf(signIn, "passkey-signin-options")) });

        Assert.Contains(Failed, page.Text, StringComparison.Ordinal);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task ACounterThatWentBackIsRefusedAndRecorded()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        using var key = await RegisteredKeyAsync(app, ann);
        using var browser = app.NewBrowser();
        await SignInWithPasskeyAsync(browser, key);
        await browser.SignOutOfAsync(ann);

        // A copy of the key that still has the old counter.
        var signIn = await browser.GetAsync("/sign-in");
        var page = await browser.SubmitAndFollowAsync(signIn, signIn.Form("/sign-in/passkey"),
            new Dictionary<string, string> { ["Credential"] = key.Get(OptionsOf(signIn, "passkey-signin-options"), signCount: 1) });

        Assert.Contains(Failed, page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain((await browser.GetClientAsync()).Sessions, s => s.Status == "active");
        Assert.True(await app.QueryAsync(db => db.SecurityEvents.AnyAsync(e => e.UserId == ann.Id && e.Type == SecurityEventTypes.PasskeyCounterMismatch)));
    }

    [Fact]
    public async Task SigningInAgainToARememberedAccountRefusesAnotherAccountsPasskey()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        using var annsKey = await RegisteredKeyAsync(app, ann);
        using var bobsKey = await RegisteredKeyAsync(app, bob);
        using var browser = app.NewBrowser();
        await browser.SignInAsync(bob);
        var first = await SignInWithPasskeyAsync(browser, annsKey);
        Assert.Equal(ann.Email, first.ActingEmail);

        // Signed out elsewhere: this browser remembers it ("Signed out — sign in again").
        await app.RevokeAsync(await browser.SessionIdOfAsync(ann));
        Assert.Contains(await browser.RememberedAsync(), r => r.Email == ann.Email);

        var again = await browser.GetAsync($"/sign-in?email={Uri.EscapeDataString(ann.Email)}");
        var options = OptionsOf(again, "passkey-signin-options");
        var refused = await browser.SubmitAndFollowAsync(again, again.Form("/sign-in/passkey"),
            new Dictionary<string, string> { ["Credential"] = bobsKey.Get(options) });

        Assert.Contains(SoftAuthenticator.B64(annsKey.CredentialId), options, StringComparison.Ordinal);
        Assert.DoesNotContain(SoftAuthenticator.B64(bobsKey.CredentialId), options, StringComparison.Ordinal);
        Assert.Contains(Failed, refused.Text, StringComparison.Ordinal);
        Assert.Contains(await browser.RememberedAsync(), r => r.Email == ann.Email);

        var again2 = await browser.GetAsync($"/sign-in?email={Uri.EscapeDataString(ann.Email)}");
        var signedIn = await browser.SubmitAndFollowAsync(again2, again2.Form("/sign-in/passkey"),
            new Dictionary<string, string> { ["Credential"] = annsKey.Get(OptionsOf(again2, "passkey-signin-options")) });
        Assert.Equal(ann.Email, signedIn.ActingEmail);
    }

    [Fact]
    public async Task RemovingAPasskeyNeedsReverificationAndThenItNoLongerSignsIn()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        using var key = NewKey();
        await AddPasskeyAsync(browser, key);
        app.Time.Advance(TimeSpan.FromMinutes(11));

        var list = await browser.GetAsync("/account/passkeys");
        var refused = await browser.SubmitAndFollowAsync(list, list.Form("/account/passkeys/remove"), new Dictionary<string, string> { ["Remove.Password"] = "" });
        Assert.Contains("Enter your password to remove a passkey.", refused.Text, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.PasskeyCredentials.CountAsync(p => p.UserId == ann.Id)));

        var removed = await browser.SubmitAndFollowAsync(refused, refused.Form("/account/passkeys/remove"), new Dictionary<string, string> { ["Remove.Password"] = ann.Password });
        Assert.Contains("removed", removed.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.PasskeyCredentials.CountAsync(p => p.UserId == ann.Id)));

        using var other = app.NewBrowser();
        var signIn = await other.GetAsync("/sign-in");
        var page = await other.SubmitAndFollowAsync(signIn, signIn.Form("/sign-in/passkey"),
            new Dictionary<string, string> { ["Credential"] = key.Get(OptionsOf(signIn, "passkey-signin-options")) });
        Assert.Contains(Failed, page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountWithoutAPasswordConfirmsWithItsPasskey()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        using var key = await RegisteredKeyAsync(app, ann);
        await app.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, "")));
        using var browser = app.NewBrowser();
        await SignInWithPasskeyAsync(browser, key);
        app.Time.Advance(TimeSpan.FromMinutes(11));

        var list = await browser.GetAsync("/account/passkeys");
        Assert.Empty(list.Document.QuerySelectorAll("form[action$='/account/passkeys/remove']"));
        var confirmed = await browser.SubmitAndFollowAsync(list, ConfirmForm(list),
            new Dictionary<string, string> { ["Credential"] = key.Get(OptionsOf(list, "passkey-confirm-options")) });

        Assert.Contains("Confirmed with your passkey.", confirmed.Text, StringComparison.Ordinal);
        var removed = await browser.SubmitAndFollowAsync(confirmed, confirmed.Form("/account/passkeys/remove"));
        Assert.Equal(0, await app.QueryAsync(db => db.PasskeyCredentials.CountAsync(p => p.UserId == ann.Id)));
        Assert.Equal(HttpStatusCode.OK, removed.Status);
    }

    [Fact]
    public async Task AnAnswerMadeForAnotherOriginIsRefused()
    {
        using var app = NewApp();
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        // A look-alike site relays the page's options and hands back what the authenticator signed for it.
        using var phished = new SoftAuthenticator("localhost", "https://login-localhost.test");

        var refused = await AddPasskeyAsync(browser, phished);

        Assert.Contains(Failed, refused.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.PasskeyCredentials.CountAsync(p => p.UserId == ann.Id)));
    }

    [Fact]
    public async Task ParallelFinishesNeverMakeMoreThanTenPasskeys()
    {
        using var app = NewApp();
        await Infrastructure.Stories.PasskeyStories.ParallelFinishesNeverMakeMoreThanTenPasskeysAsync(app);
    }

    [Fact]
    public void ProductionWithoutPasskeySettingsRefusesToStartRatherThanTakeLocalhost()
    {
        using var app = new ProductionAppFactory();

        var failure = Record.Exception(() => app.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("Passkeys:RelyingPartyId and Passkeys:Origins must be set in Production", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProductionWithOnlyTheOriginsStillRefusesTheDefaultRelyingParty()
    {
        using var app = new ProductionAppFactory { ExtraSettings = { ["Passkeys:Origins:0"] = "https://localhost" } };

        var failure = Record.Exception(() => app.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("Passkeys:RelyingPartyId and Passkeys:Origins must be set in Production", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionStartsWithLocalhostWhenItIsConfiguredOnPurpose()
    {
        using var app = new ProductionAppFactory
        {
            ExtraSettings = { ["Passkeys:RelyingPartyId"] = "localhost", ["Passkeys:Origins:0"] = "http://localhost:8080" },
        };

        using var browser = app.NewBrowser();
        var health = await browser.GetRawAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:5080", "must be a host name")]
    [InlineData("example.com", "https://evil.test", "is not on the relying-party id")]
    public void ABadRelyingPartyStopsTheAppAtStartUpAndSaysWhy(string rpId, string origin, string message)
    {
        using var app = new AppFactory { ExtraSettings = { ["Passkeys:RelyingPartyId"] = rpId, ["Passkeys:Origins:0"] = origin } };

        var failure = Record.Exception(() => app.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("Passkeys:", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Production with the messages kept in the database on purpose, so only the passkey settings are in question.</summary>
    private sealed class ProductionAppFactory : AppFactory
    {
        public ProductionAppFactory()
        {
            ExtraSettings["Email:Outbox"] = "Database";
            ExtraSettings["Sms:Outbox"] = "Database";
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }

    internal static AppFactory NewApp() => new() { ExtraSettings = { ["Passkeys:Origins:0"] = "https://localhost" } };

    internal static SoftAuthenticator NewKey() => new("localhost", "https://localhost");

    internal static AngleSharp.Html.Dom.IHtmlFormElement ConfirmForm(Page page) =>
        page.Document.Forms.Single(f => (f.GetAttribute("action") ?? "").Contains("/account/passkeys/confirm", StringComparison.Ordinal));

    internal static string StateOf(AngleSharp.Html.Dom.IHtmlFormElement form) =>
        ((AngleSharp.Html.Dom.IHtmlInputElement)form.QuerySelector("input[name=PasskeyState]")!).Value;

    internal static string OptionsOf(Page page, string id) =>
        page.Document.GetElementById(id)?.TextContent ?? throw new InvalidOperationException($"No {id} on {page.Url}.");

    internal static async Task<Page> AddPasskeyAsync(Browser browser, SoftAuthenticator key)
    {
        var page = await browser.GetAsync("/account/passkeys");
        return await browser.SubmitAndFollowAsync(page, page.Form("/account/passkeys/add"),
            new Dictionary<string, string> { ["Credential"] = key.Create(OptionsOf(page, "passkey-create-options")) });
    }

    internal static async Task<Page> SignInWithPasskeyAsync(Browser browser, SoftAuthenticator key)
    {
        var page = await browser.GetAsync("/sign-in");
        return await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/passkey"),
            new Dictionary<string, string> { ["Credential"] = key.Get(OptionsOf(page, "passkey-signin-options")) });
    }

    /// <summary>A key registered by the account in a browser of its own, which is then done with.</summary>
    internal static async Task<SoftAuthenticator> RegisteredKeyAsync(AppFactory app, TestUser user)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync(user);
        var key = NewKey();
        await AddPasskeyAsync(browser, key);
        return key;
    }
}
