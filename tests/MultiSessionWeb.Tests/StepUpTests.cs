using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.SignIn;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// Step-up on switch: an account that asks for it, and every administrator, becomes the account a
/// browser or a tab acts as only after a fresh proof — its own second factor, else its password.
/// </summary>
public sealed class StepUpTests(StepUpTests.StepUpAppFactory app) : IClassFixture<StepUpTests.StepUpAppFactory>
{
    private const string StepUp = "/accounts/step-up";
    private static readonly TimeSpan PastTheWindow = TimeSpan.FromMinutes(16);

    [Fact]
    public async Task SwitchingToAnAccountThatAsksWaitsForItsOwnCodeAndOnlyThenSwitches()
    {
        var (browser, bob, bobsPhone, ann) = await BobAsksAndAnnIsActiveAsync();
        app.Time.Advance(PastTheWindow);

        var step = await browser.SwitchToAsync(bob);
        Assert.Equal(StepUp, step.Path);
        Assert.Contains($"Confirm it's you to use {bob.Name}", step.Title, StringComparison.Ordinal);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        Assert.Equal(ann.Email, (await browser.GetAsync("/account")).ActingEmail);

        var wrong = await EnterAsync(browser, step, "Code", "000000");
        Assert.Equal(SecondStepController.WrongMessage, wrong.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        Assert.Equal(1, await app.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == bob.Id && e.Type == SecurityEventTypes.SecondFactorFailed)));

        var done = await EnterAsync(browser, wrong, "Code", bobsPhone.CodeAt(app));
        Assert.Equal("/", done.Path);
        Assert.Equal(bob.Email, done.ActingEmail);
        var client = await browser.GetClientAsync();
        Assert.Equal(bob.Email, client.Sessions.Single(s => s.Id == client.LastActiveSessionId).User.Email);
        Assert.Equal(0, client.Sessions.Single(s => s.User.Email == bob.Email).FactorVerificationAge![1]);
        Assert.Equal(1, await app.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == bob.Id && e.Type == SecurityEventTypes.SteppedUp)));

        // Proved: back and forth within the window is one click again.
        await browser.SwitchToAsync(ann);
        Assert.Equal(bob.Email, (await browser.SwitchToAsync(bob)).ActingEmail);
        browser.Dispose();
    }

    [Fact]
    public async Task WithinTheWindowAndForAccountsThatDoNotAskASwitchIsOneClick()
    {
        var (browser, bob, _, ann) = await BobAsksAndAnnIsActiveAsync();
        Assert.Equal(bob.Email, (await browser.SwitchToAsync(bob)).ActingEmail);

        var carol = await app.CreateUserAsync();
        await browser.SignInAsync(carol);
        await browser.SetUpTwoFactorAsync(app);
        await browser.SwitchToAsync(ann);
        app.Time.Advance(PastTheWindow);
        Assert.Equal(carol.Email, (await browser.SwitchToAsync(carol)).ActingEmail);
        browser.Dispose();
    }

    [Fact]
    public async Task AnAdministratorAlwaysAsksAndWithoutAnAppAsksItsPassword()
    {
        var admin = await app.CreateUserAsync(new TestUser("Ada Admin", StepUpAppFactory.AdminEmail, "administrator password"));
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(admin);
        Assert.Contains("always on for administrators", (await browser.GetAsync("/account/two-factor")).Text, StringComparison.Ordinal);
        await browser.SignInAsync(ann);
        app.Time.Advance(PastTheWindow);

        var step = await browser.SwitchToAsync(admin);
        Assert.Equal(StepUp, step.Path);
        Assert.NotNull(step.Document.QuerySelector("input[name=Password][type=password]"));
        var wrong = await EnterAsync(browser, step, "Password", ann.Password);
        Assert.Equal(StepUpController.WrongPasswordMessage, wrong.Document.QuerySelector("#Password-error")!.TextContent.Trim());
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);

        var done = await EnterAsync(browser, wrong, "Password", admin.Password);
        Assert.Equal(admin.Email, done.ActingEmail);
    }

    [Fact]
    public async Task ATabUnderTheAccountsSlotAsksTooAndTheBrowserKeepsItsActiveAccount()
    {
        var (browser, bob, bobsPhone, ann) = await BobAsksAndAnnIsActiveAsync();
        var slot = (await browser.GetClientAsync()).Sessions.Single(s => s.User.Email == bob.Email).Slot;
        app.Time.Advance(PastTheWindow);

        var step = await browser.GetAsync($"/u/{slot}/account/devices");
        Assert.Equal(StepUp, step.Path);
        Assert.Equal(StepUp, (await browser.GetAsync($"/u/{slot}/")).Path);

        var done = await EnterAsync(browser, step, "Code", bobsPhone.CodeAt(app));
        Assert.Equal($"/u/{slot}/account/devices", done.Path);
        Assert.Equal(bob.Email, done.ActingEmail);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        browser.Dispose();
    }

    [Fact]
    public async Task AFormRenderedForTheAccountEarlierCannotActAsItAfterTheWindow()
    {
        var (browser, bob, _, ann) = await BobAsksAndAnnIsActiveAsync();
        await browser.SwitchToAsync(bob);
        var bobsPage = await browser.GetAsync("/account/two-factor");
        await browser.SwitchToAsync(ann);
        app.Time.Advance(PastTheWindow);

        // The tab still shows Bob's page; its "stop asking" form names Bob's session.
        var answer = await browser.SubmitAndFollowAsync(bobsPage, bobsPage.Form("/account/two-factor/step-up-on-switch"));
        Assert.Equal(StepUp, answer.Path);
        Assert.True(await app.QueryAsync(db => db.Users.Where(u => u.Id == bob.Id).Select(u => u.StepUpOnSwitch).SingleAsync()));
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        browser.Dispose();
    }

    [Fact]
    public async Task ARecoveryCodeStepsUpOnceAndAnotherBrowserCannotStepUpThisOnesSession()
    {
        var (browser, bob, bobsPhone, ann) = await BobAsksAndAnnIsActiveAsync();
        var bobsSession = (await browser.GetClientAsync()).Sessions.Single(s => s.User.Email == bob.Email).Id;
        app.Time.Advance(PastTheWindow);

        using var stranger = app.NewBrowser();
        await stranger.SignInAsync(await app.CreateUserAsync());
        var theirs = await stranger.GetAsync($"{StepUp}?session={bobsSession}");
        Assert.Equal("/accounts", theirs.Path);
        Assert.Contains("isn't signed in on this browser", theirs.Text, StringComparison.Ordinal);

        // Posting Bob's session id and his current code from the stranger's browser proves nothing for it.
        var strangersHome = await stranger.GetAsync("/");
        using var posted = await stranger.Http.PostAsync(StepUp, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = strangersHome.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Session"] = bobsSession,
            ["Code"] = bobsPhone.CodeAt(app),
        }));
        var refused = await stranger.FollowAsync(posted);
        Assert.Equal("/accounts", refused.Path);
        Assert.Contains("isn't signed in on this browser", refused.Text, StringComparison.Ordinal);
        Assert.True((await browser.GetClientAsync()).Sessions.Single(s => s.Id == bobsSession).FactorVerificationAge![1] >= 16);
        Assert.Equal(0, await app.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == bob.Id && e.Type == SecurityEventTypes.SteppedUp)));

        var step = await browser.SwitchToAsync(bob);
        var done = await EnterAsync(browser, step, "Code", bobsPhone.RecoveryCodes[0]);
        Assert.Equal(bob.Email, done.ActingEmail);

        await browser.SwitchToAsync(ann);
        app.Time.Advance(PastTheWindow);
        var again = await EnterAsync(browser, await browser.SwitchToAsync(bob), "Code", bobsPhone.RecoveryCodes[0]);
        Assert.Equal(StepUp, again.Path);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        browser.Dispose();
    }

    [Fact]
    public async Task SigningInToTheAccountAgainIsAFreshProof()
    {
        var (browser, bob, bobsPhone, ann) = await BobAsksAndAnnIsActiveAsync();
        app.Time.Advance(PastTheWindow);
        Assert.Equal(StepUp, (await browser.SwitchToAsync(bob)).Path);

        var step = await browser.SignInAsync(bob);
        var done = await browser.EnterSecondFactorAsync(step, bobsPhone.CodeAt(app));
        Assert.Equal(bob.Email, done.ActingEmail);
        Assert.Equal(2, (await browser.AccountsAsync()).Emails.Count);

        await browser.SwitchToAsync(ann);
        Assert.Equal(bob.Email, (await browser.SwitchToAsync(bob)).ActingEmail);
        browser.Dispose();
    }

    [Fact]
    public async Task ACodeAlreadyUsedInThisTimeStepDoesNotStepUp()
    {
        await using var quick = new AppFactory { ExtraSettings = { ["Mfa:StepUpOnSwitchAfter"] = "00:00:01" } };
        var bob = await quick.CreateUserAsync();
        var ann = await quick.CreateUserAsync();
        using var browser = quick.NewBrowser();
        await browser.SignInAsync(bob);
        var phone = await browser.SetUpTwoFactorAsync(quick);
        await browser.AskForStepUpOnSwitchAsync();
        await browser.SignInAsync(ann);

        // The first second of a fresh 30-second step: the code below stays the current one.
        var now = quick.Time.GetUtcNow();
        quick.Time.Advance(TimeSpan.FromSeconds(30 - (now.ToUnixTimeSeconds() % 30)) - TimeSpan.FromMilliseconds(now.Millisecond));
        var code = phone.CodeAt(quick);
        var done = await EnterAsync(browser, await browser.SwitchToAsync(bob), "Code", code);
        Assert.Equal(bob.Email, done.ActingEmail);

        await browser.SwitchToAsync(ann);
        quick.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(code, phone.CodeAt(quick));
        var replay = await EnterAsync(browser, await browser.SwitchToAsync(bob), "Code", code);
        Assert.Equal(SecondStepController.UsedMessage, replay.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("2.00:00:00")]
    public void AWindowOutOfRangeStopsTheAppAtStartUp(string window)
    {
        using var factory = new AppFactory { ExtraSettings = { ["Mfa:StepUpOnSwitchAfter"] = window } };
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Mfa:StepUpOnSwitchAfter", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Bob has an authenticator app and asks for step-up on switch; Ann signed in after him and is active.</summary>
    private async Task<(Browser Browser, TestUser Bob, TestAuthenticator BobsPhone, TestUser Ann)> BobAsksAndAnnIsActiveAsync()
    {
        var bob = await app.CreateUserAsync();
        var ann = await app.CreateUserAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync(bob);
        var phone = await browser.SetUpTwoFactorAsync(app);
        await browser.AskForStepUpOnSwitchAsync();
        await browser.SignInAsync(ann);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        return (browser, bob, phone, ann);
    }

    private static Task<Page> EnterAsync(Browser browser, Page step, string field, string value) =>
        browser.SubmitAndFollowAsync(step, step.Form(StepUp), new Dictionary<string, string> { [field] = value });

    public sealed class StepUpAppFactory : AppFactory
    {
        public const string AdminEmail = "step-up-admin@example.test";

        protected override IReadOnlyDictionary<string, string?> Settings { get; } =
            new Dictionary<string, string?> { ["Admin:Emails:0"] = AdminEmail };
    }
}
