using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.SignIn;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>Two-step verification: the authenticator app, recovery codes, and the second step of a sign-in.</summary>
public sealed class TwoFactorTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string SecondStep = "/sign-in/second-step";

    [Fact]
    public async Task SetUpShowsQrCodeAndSecretRefusesAWrongCodeAndShowsTenRecoveryCodesOnce()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var page = await browser.GetAsync("/account/two-factor");
        var svg = page.Document.QuerySelector(".qr-code svg");
        Assert.NotNull(svg);
        Assert.Equal("img", page.Document.QuerySelector(".qr-code")!.GetAttribute("role"));
        var secret = page.Document.QuerySelector(".totp-secret")!.TextContent;
        Assert.Matches("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", secret);
        Assert.Contains("/account/two-factor", (await browser.GetAsync("/account")).Document.QuerySelector("nav.link-list")!.InnerHtml, StringComparison.Ordinal);

        var wrong = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/confirm"), new Dictionary<string, string> { ["Code"] = "000000" });
        Assert.StartsWith("That code isn't right", wrong.Document.QuerySelector("#Code-error")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(secret, wrong.Document.QuerySelector(".totp-secret")!.TextContent);
        Assert.Null(await app.QueryAsync(db => db.TwoFactorAuthenticators.Where(a => a.UserId == ann.Id).Select(a => a.ConfirmedAt).SingleAsync()));

        var phone = await browser.SetUpTwoFactorAsync(app);
        Assert.Equal(10, phone.RecoveryCodes.Distinct().Count());
        Assert.All(phone.RecoveryCodes, c => Assert.Matches("^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$", c));

        // Never again: the page now says it is on, and the database has only hashes and a protected secret.
        var after = await browser.GetAsync("/account/two-factor");
        Assert.Empty(after.Document.QuerySelectorAll(".recovery-codes code"));
        Assert.Null(after.Document.QuerySelector(".totp-secret"));
        Assert.Equal("10", after.Document.QuerySelector(".recovery-codes-left")!.TextContent);
        var stored = await app.QueryAsync(db => db.TwoFactorAuthenticators.SingleAsync(a => a.UserId == ann.Id));
        Assert.DoesNotContain(secret.Replace(" ", "", StringComparison.Ordinal), stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.Equal(10, await app.QueryAsync(db => db.RecoveryCodes.CountAsync(r => r.UserId == ann.Id)));
        Assert.Contains("Two-step verification turned on", (await browser.GetAsync("/account/security")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterThePasswordNoSessionExistsUntilTheAppsCode()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        using var browser = app.NewBrowser();

        var step = await browser.SignInAsync(ann, returnUrl: "/account/devices");
        Assert.Equal(SecondStep, step.Path);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
        Assert.Equal(0, await app.QueryAsync(db => db.Sessions.CountAsync(s => s.UserId == ann.Id && s.Status == SessionStatus.Active)));

        var done = await browser.EnterSecondFactorAsync(step, phone.CodeAt(app));
        Assert.True(done.Path == "/account/devices", done.Url + done.Text[..Math.Min(600, done.Text.Length)]);
        var session = Assert.Single((await browser.GetClientAsync()).Sessions);
        Assert.Equal([0, 0], session.FactorVerificationAge);
    }

    [Fact]
    public async Task AfterAnEmailCodeTheAppsCodeIsAskedToo()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync("/sign-in/code");
        var sent = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/code"), new Dictionary<string, string> { ["Email"] = ann.Email });
        var step = await browser.EnterCodeAsync(sent, await app.LatestCodeForAsync(ann.Email));

        Assert.Equal(SecondStep, step.Path);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
        await browser.EnterSecondFactorAsync(step, phone.CodeAt(app));
        Assert.Equal(ann.Email, Assert.Single((await browser.GetClientAsync()).Sessions).User.Email);
    }

    [Fact]
    public async Task WrongCodesAreCountedAndTheFifthLocksTheHalfDoneSignIn()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        using var browser = app.NewBrowser();
        var step = await browser.SignInAsync(ann);
        for (var i = 0; i < 4; i++)
        {
            step = await browser.EnterSecondFactorAsync(step, "000000");
            Assert.Equal("That code isn't right. Check your authenticator app and try again.", step.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        }

        var locked = await browser.EnterSecondFactorAsync(step, "000000");
        Assert.Equal("Too many wrong codes. Sign in again to get another try.", locked.Document.QuerySelector(".form-error")!.TextContent.Trim());

        // Even the right code is refused now: the attempt is over.
        var right = await browser.SubmitAndFollowAsync(step, step.Form(SecondStep), new Dictionary<string, string> { ["Code"] = phone.CodeAt(app) });
        Assert.Contains("Too many wrong codes", right.Text, StringComparison.Ordinal);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task StartingAnotherHalfDoneSignInBuysNoMoreGuessesButTheOwnersBrowserStillGetsIn()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        using var owner = app.NewBrowser();
        await owner.EnterSecondFactorAsync(await owner.SignInAsync(ann), phone.CodeAt(app));
        Assert.Single((await owner.GetClientAsync()).Sessions);
        var home = await owner.GetAsync("/");
        await owner.SubmitAsync(home, home.Form("/accounts/sign-out-all"));
        Assert.Empty((await owner.GetClientAsync()).Sessions);

        // Someone who knows the password, in a browser the account never used: 4 + 4 + 2 wrong codes
        // over three half-done sign-ins reach the account's budget of 10.
        using var guesser = app.NewBrowser();
        foreach (var tries in new[] { 4, 4, 2 })
        {
            var step = await guesser.SignInAsync(ann);
            for (var i = 0; i < tries; i++)
            {
                step = await guesser.EnterSecondFactorAsync(step, "000000");
            }
        }

        app.Time.Advance(TimeSpan.FromSeconds(30));
        var paused = await guesser.EnterSecondFactorAsync(await guesser.SignInAsync(ann), phone.CodeAt(app));
        Assert.Equal(SecondStepController.PausedMessage, paused.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.Empty((await guesser.GetClientAsync()).Sessions);

        // The owner's browser has a budget of its own (the device cookie) and signs in with the same code.
        await owner.EnterSecondFactorAsync(await owner.SignInAsync(ann), phone.CodeAt(app));
        Assert.Single((await owner.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task TheHalfDoneSignInExpiresAfterFiveMinutes()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        using var browser = app.NewBrowser();
        var step = await browser.SignInAsync(ann);
        app.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var late = await browser.EnterSecondFactorAsync(step, phone.CodeAt(app));
        Assert.Equal("This sign-in has expired or was started in another browser. Sign in again.", late.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task AnotherBrowserCannotFinishTheHalfDoneSignIn()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        using var victim = app.NewBrowser();
        using var thief = app.NewBrowser();
        var step = await victim.SignInAsync(ann);
        var id = step.Document.QuerySelector("input[name=Id]")!.GetAttribute("value")!;

        var own = await thief.GetAsync("/sign-in");
        var stolen = await thief.GetAsync($"{SecondStep}?id={Uri.EscapeDataString(id)}");
        var posted = await thief.SubmitAndFollowAsync(stolen, stolen.Form(SecondStep), new Dictionary<string, string> { ["Id"] = id, ["Code"] = phone.CodeAt(app) });

        Assert.Contains("started in another browser", posted.Text, StringComparison.Ordinal);
        Assert.Empty((await thief.GetClientAsync()).Sessions);
        Assert.NotNull(own);

        // The owner's browser still can: the thief's code did not use up the time step.
        await victim.EnterSecondFactorAsync(step, phone.CodeAt(app));
        Assert.Single((await victim.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task ATimeStepWorksOnceEvenInAnotherBrowser()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        using var first = app.NewBrowser();
        using var second = app.NewBrowser();
        var code = phone.CodeAt(app);
        await first.EnterSecondFactorAsync(await first.SignInAsync(ann), code);
        Assert.Single((await first.GetClientAsync()).Sessions);

        var replayed = await second.EnterSecondFactorAsync(await second.SignInAsync(ann), code);
        Assert.Equal("That code has already been used. Wait for the next code in your authenticator app.", replayed.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Empty((await second.GetClientAsync()).Sessions);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        await second.EnterSecondFactorAsync(replayed, phone.CodeAt(app));
        Assert.Single((await second.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task TheCodeOfThePreviousTimeStepIsTakenButNotTheNextOneNorOlderOnes()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        // Three steps past the one the set-up used, so no code below is refused only as already used.
        app.Time.Advance(TimeSpan.FromSeconds(90));
        var now = app.Time.GetUtcNow().UtcDateTime;
        using var browser = app.NewBrowser();
        var step = await browser.SignInAsync(ann);

        var next = await browser.EnterSecondFactorAsync(step, new OtpNet.Totp(phone.Secret).ComputeTotp(now.AddSeconds(30)));
        Assert.StartsWith("That code isn't right", next.Document.QuerySelector("#Code-error")!.TextContent.Trim(), StringComparison.Ordinal);
        var twoAgo = await browser.EnterSecondFactorAsync(next, new OtpNet.Totp(phone.Secret).ComputeTotp(now.AddSeconds(-60)));
        Assert.StartsWith("That code isn't right", twoAgo.Document.QuerySelector("#Code-error")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty((await browser.GetClientAsync()).Sessions);

        await browser.EnterSecondFactorAsync(twoAgo, new OtpNet.Totp(phone.Secret).ComputeTotp(now.AddSeconds(-30)));
        Assert.Single((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task ARecoveryCodeWorksOnce()
    {
        var (ann, phone) = await UserWithTwoFactorAsync();
        using var first = app.NewBrowser();
        using var second = app.NewBrowser();
        var done = await first.EnterSecondFactorAsync(await first.SignInAsync(ann), phone.RecoveryCodes[3].ToLowerInvariant());
        Assert.Single((await first.GetClientAsync()).Sessions);
        Assert.Contains("recovery code", done.Text, StringComparison.Ordinal);

        var again = await second.EnterSecondFactorAsync(await second.SignInAsync(ann), phone.RecoveryCodes[3]);
        Assert.StartsWith("That code isn't right", again.Document.QuerySelector("#Code-error")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty((await second.GetClientAsync()).Sessions);
        Assert.Equal("9", (await first.GetAsync("/account/two-factor")).Document.QuerySelector(".recovery-codes-left")!.TextContent);
        Assert.Contains("Signed in with a recovery code", (await first.GetAsync("/account/security")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewRecoveryCodesNeedThePasswordAndKillTheOldOnes()
    {
        var (ann, phone, browser) = await SignedInWithTwoFactorAsync();
        app.Time.Advance(TimeSpan.FromMinutes(11));

        var page = await browser.GetAsync("/account/two-factor");
        var refused = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/recovery-codes"));
        Assert.Equal("Enter your password.", refused.Document.QuerySelector("#Password-error")!.TextContent.Trim());
        var wrong = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/recovery-codes"), new Dictionary<string, string> { ["Password"] = "not it" });
        Assert.Equal("That is not your password.", wrong.Document.QuerySelector("#Password-error")!.TextContent.Trim());
        Assert.Empty(wrong.Document.QuerySelectorAll(".recovery-codes code"));

        var fresh = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/recovery-codes"), new Dictionary<string, string> { ["Password"] = ann.Password });
        var codes = fresh.Document.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Empty(codes.Intersect(phone.RecoveryCodes));

        using var other = app.NewBrowser();
        var old = await other.EnterSecondFactorAsync(await other.SignInAsync(ann), phone.RecoveryCodes[0]);
        Assert.StartsWith("That code isn't right", old.Document.QuerySelector("#Code-error")!.TextContent.Trim(), StringComparison.Ordinal);
        await other.EnterSecondFactorAsync(old, codes[0]);
        Assert.Single((await other.GetClientAsync()).Sessions);
        browser.Dispose();
    }

    [Fact]
    public async Task TurningOffNeedsThePasswordThenSignInAsksOnlyThePassword()
    {
        var (ann, _, browser) = await SignedInWithTwoFactorAsync();
        app.Time.Advance(TimeSpan.FromMinutes(11));

        var page = await browser.GetAsync("/account/two-factor");
        var refused = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/turn-off"), new Dictionary<string, string> { ["Password"] = "not it" });
        Assert.Equal("That is not your password.", refused.Document.QuerySelector("#Password-error")!.TextContent.Trim());
        Assert.True(await app.QueryAsync(db => db.TwoFactorAuthenticators.AnyAsync(a => a.UserId == ann.Id)));

        var off = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/turn-off"), new Dictionary<string, string> { ["Password"] = ann.Password });
        Assert.Contains("Two-step verification is off", off.Text, StringComparison.Ordinal);
        Assert.False(await app.QueryAsync(db => db.RecoveryCodes.AnyAsync(r => r.UserId == ann.Id)));

        using var other = app.NewBrowser();
        Assert.NotEqual(SecondStep, (await other.SignInAsync(ann)).Path);
        Assert.Single((await other.GetClientAsync()).Sessions);
        Assert.Contains("Two-step verification turned off", (await other.GetAsync("/account/security")).Text, StringComparison.Ordinal);
        browser.Dispose();
    }

    [Fact]
    public async Task ASecondAccountAsksItsOwnFactorNotTheActiveOnes()
    {
        var (ann, annsPhone, browser) = await SignedInWithTwoFactorAsync();
        var (bob, bobsPhone) = await UserWithTwoFactorAsync();

        var step = await browser.SignInAsync(bob);
        Assert.Equal(SecondStep, step.Path);
        var withAnns = await browser.EnterSecondFactorAsync(step, annsPhone.CodeAt(app));
        Assert.Equal(SecondStep, withAnns.Path);
        Assert.Equal([ann.Email], (await browser.AccountsAsync()).Emails);

        await browser.EnterSecondFactorAsync(withAnns, bobsPhone.CodeAt(app));
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([ann.Email, bob.Email], emails);
        Assert.Equal(bob.Email, active);
        browser.Dispose();
    }

    [Fact]
    public async Task FactorVerificationAgeCountsMinutesAndMinusOneForNoSecondFactor()
    {
        var plain = await app.CreateUserAsync();
        var (ann, _, browser) = await SignedInWithTwoFactorAsync();
        await browser.SignInAsync(plain);
        app.Time.Advance(TimeSpan.FromMinutes(3));

        var sessions = (await browser.GetClientAsync()).Sessions;
        Assert.Equal([3, 3], sessions.Single(s => s.User.Email == ann.Email).FactorVerificationAge);
        Assert.Equal([3, -1], sessions.Single(s => s.User.Email == plain.Email).FactorVerificationAge);
        browser.Dispose();
    }

    [Fact]
    public async Task APasskeySessionCountsAsBothFactors()
    {
        var ann = await app.CreateUserAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<SessionStore>();
        var user = await db.Users.SingleAsync(u => u.Id == ann.Id);
        var device = new SessionDevice("test", null);
        foreach (var client in new[] { "client_passkey", "client_password" })
        {
            db.Clients.Add(new Client { Id = client + ann.Id[^6..], CreatedAt = app.Time.GetUtcNow().UtcDateTime });
        }

        await db.SaveChangesAsync();
        var byPasskey = Assert.IsType<SignInOutcome.Added>(await store.CreateSessionAsync("client_passkey" + ann.Id[^6..], user, SignInMethods.Passkey, device, default));
        var byPassword = Assert.IsType<SignInOutcome.Added>(await store.CreateSessionAsync("client_password" + ann.Id[^6..], user, SignInMethods.Password, device, default));

        Assert.NotNull((await app.GetSessionAsync(byPasskey.SessionId)).SecondFactorVerifiedAt);
        Assert.Null((await app.GetSessionAsync(byPassword.SessionId)).SecondFactorVerifiedAt);
    }

    /// <summary>An account with the app set up (in a browser that then signs out, so it holds no session), and its phone.</summary>
    private async Task<(TestUser User, TestAuthenticator Phone)> UserWithTwoFactorAsync()
    {
        var (user, phone, browser) = await SignedInWithTwoFactorAsync();
        await browser.SignOutOfAllAsync();
        browser.Dispose();
        return (user, phone);
    }

    private async Task<(TestUser User, TestAuthenticator Phone, Browser Browser)> SignedInWithTwoFactorAsync()
    {
        var user = await app.CreateUserAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync(user);
        var phone = await browser.SetUpTwoFactorAsync(app);
        return (user, phone, browser);
    }
}
