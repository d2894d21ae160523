using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>"Confirm it's you" on the email, password and devices pages: one rule, one window, the same answers.</summary>
public sealed class ReverificationTests
{
    [Fact]
    public async Task AnAccountWithoutAPasswordPastTheWindowIsToldToSignInAgainOnTheDevicesPageNeverAskedForAPassword()
    {
        using var app = new AppFactory();
        var ann = await PasswordlessUserAsync(app);
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await SignInByCodeAsync(app, laptop, ann);
        await SignInByCodeAsync(app, phone, ann);
        var phoneSession = await phone.SessionIdOfAsync(ann);
        var stale = await laptop.GetAsync("/account/devices");

        app.Time.Advance(TimeSpan.FromMinutes(11));

        var page = await laptop.GetAsync("/account/devices");
        Assert.Null(page.Document.QuerySelector("input[type=password]"));
        Assert.Empty(page.Document.QuerySelectorAll("form[action$='/account/devices/confirm']"));
        Assert.Contains("Signing out other devices needs a fresh sign-in: sign out, sign in again, and come back within 10 minutes.", page.Text, StringComparison.Ordinal);
        // The way to do it: signing out of this account here, so the next sign-in is a fresh one.
        var signOut = page.Form("/accounts/sign-out", "Sign out to sign in again");
        Assert.Equal(await laptop.SessionIdOfAsync(ann), ((AngleSharp.Html.Dom.IHtmlInputElement)signOut.QuerySelector("input[name=SessionId]")!).Value);

        // A form from before the window closed is refused with the same advice, not a password question.
        var refused = await laptop.SubmitAndFollowAsync(stale, stale.Form("/account/devices/sign-out"));
        Assert.Contains("needs a fresh sign-in", refused.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Confirm your password", refused.Text, StringComparison.Ordinal);
        using (var guessed = Html.HandMade(refused, new Dictionary<string, string> { ["Input.Password"] = "anything" }))
        {
            var confirm = await laptop.FollowAsync(await laptop.Http.PostAsync("/account/devices/confirm", guessed));
            Assert.Contains("needs a fresh sign-in", confirm.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("That is not your password.", confirm.Text, StringComparison.Ordinal);
            Assert.Null(confirm.Document.QuerySelector("input[type=password]"));
        }

        Assert.Equal(SessionStatus.Active, (await app.GetSessionAsync(phoneSession)).Status);

        // Signing out and in again is the proof: the other device can be signed out now.
        await laptop.SubmitAndFollowAsync(page, signOut);
        await SignInByCodeAsync(app, laptop, ann);
        page = await laptop.GetAsync("/account/devices");
        page = await laptop.SubmitAndFollowAsync(page, page.Form("/account/devices/sign-out"));
        Assert.Contains("That device was signed out.", page.Text, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Revoked, (await app.GetSessionAsync(phoneSession)).Status);
    }

    [Fact]
    public async Task TheWindowTheThreePagesNameIsTheConfiguredOne()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sessions:ReverificationWindow"] = "00:05:00" } };
        var ann = await app.CreateUserAsync();
        var bea = await PasswordlessUserAsync(app);
        using var annLaptop = app.NewBrowser();
        using var annPhone = app.NewBrowser();
        using var beaLaptop = app.NewBrowser();
        using var beaPhone = app.NewBrowser();
        await annLaptop.SignInAsync(ann);
        await annPhone.SignInAsync(ann);
        await SignInByCodeAsync(app, beaLaptop, bea);
        await SignInByCodeAsync(app, beaPhone, bea);
        var stale = await annLaptop.GetAsync("/account/devices");

        app.Time.Advance(TimeSpan.FromMinutes(6));

        var devices = await annLaptop.GetAsync("/account/devices");
        Assert.Contains("Your password counts for 5 minutes.", devices.Text, StringComparison.Ordinal);
        var refused = await annLaptop.SubmitAndFollowAsync(stale, stale.Form("/account/devices/sign-out"));
        Assert.Contains("Confirm your password first: signing out other devices needs it within the last 5 minutes.", refused.Text, StringComparison.Ordinal);

        Assert.Contains("come back within 5 minutes.", (await beaLaptop.GetAsync("/account/devices")).Text, StringComparison.Ordinal);

        var email = await beaLaptop.GetAsync("/account/email");
        email = await beaLaptop.SubmitAndFollowAsync(email, email.Form("/account/email"), new Dictionary<string, string> { ["Email"] = $"bea.new.{Guid.NewGuid():N}@example.test" });
        Assert.Contains("Changing your email address needs a fresh sign-in: sign out, sign in again, and come back within 5 minutes.", email.Text, StringComparison.Ordinal);

        var password = await beaLaptop.GetAsync("/account/password");
        password = await beaLaptop.SubmitAndFollowAsync(password, password.Form("/account/password"), new Dictionary<string, string> { ["NewPassword"] = "my first password" });
        Assert.Contains("Setting a password needs a fresh sign-in: sign out, sign in again, and come back within 5 minutes.", password.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtTheDefaultWindowThePagesSayTenMinutes()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await laptop.SignInAsync(ann);
        await phone.SignInAsync(ann);
        var stale = await laptop.GetAsync("/account/devices");

        app.Time.Advance(TimeSpan.FromMinutes(11));

        var refused = await laptop.SubmitAndFollowAsync(stale, stale.Form("/account/devices/sign-out"));
        Assert.Contains("Confirm your password first: signing out other devices needs it within the last 10 minutes.", refused.Text, StringComparison.Ordinal);
        Assert.Contains("To sign other devices out, confirm it's you. Your password counts for 10 minutes.", refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordOnEachOfTheThreePagesIsTheFieldsErrorAndChangesNothing()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        var newEmail = $"ann.new.{Guid.NewGuid():N}@example.test";
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await laptop.SignInAsync(ann);
        await phone.SignInAsync(ann);
        var phoneSession = await phone.SessionIdOfAsync(ann);
        app.Time.Advance(TimeSpan.FromMinutes(11));

        var email = await laptop.GetAsync("/account/email");
        email = await laptop.SubmitAndFollowAsync(email, email.Form("/account/email"), new Dictionary<string, string>
        {
            ["Email"] = newEmail,
            ["Password"] = "not it",
        });
        AssertFieldError(email, "Password", "That is not your password.");

        var password = await laptop.GetAsync("/account/password");
        password = await laptop.SubmitAndFollowAsync(password, password.Form("/account/password"), new Dictionary<string, string>
        {
            ["CurrentPassword"] = "not it",
            ["NewPassword"] = "a brand new password",
        });
        AssertFieldError(password, "CurrentPassword", "That is not your current password.");

        var devices = await laptop.GetAsync("/account/devices");
        devices = await laptop.SubmitAndFollowAsync(devices, devices.Form("/account/devices/confirm"), new Dictionary<string, string> { ["Input.Password"] = "not it" });
        AssertFieldError(devices, "Input.Password", "That is not your password.");

        // Nothing changed: no code went out, the password is the old one, the other device is signed
        // in, and this session still has to confirm.
        Assert.False(await app.QueryAsync(db => db.DevMessages.AnyAsync(m => m.To == newEmail)));
        Assert.Equal(ann.Email, (await laptop.GetAsync("/")).ActingEmail);
        Assert.Equal(SessionStatus.Active, (await app.GetSessionAsync(phoneSession)).Status);
        Assert.Empty((await laptop.GetAsync("/account/devices")).Document.QuerySelectorAll("form[action$='/account/devices/sign-out']"));
        Assert.NotNull((await laptop.GetAsync("/account/email")).Document.QuerySelector("input[name=Password]"));
        using var other = app.NewBrowser();
        Assert.Equal(ann.Email, (await other.SignInAsync(ann)).ActingEmail);
    }

    [Fact]
    public async Task AnEmptyPasswordIsAskedForInEachPagesWords()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await laptop.SignInAsync(ann);
        await phone.SignInAsync(ann);
        app.Time.Advance(TimeSpan.FromMinutes(11));

        var email = await laptop.GetAsync("/account/email");
        email = await laptop.SubmitAndFollowAsync(email, email.Form("/account/email"), new Dictionary<string, string> { ["Email"] = $"ann.new.{Guid.NewGuid():N}@example.test" });
        AssertFieldError(email, "Password", "Enter your password.");

        var password = await laptop.GetAsync("/account/password");
        password = await laptop.SubmitAndFollowAsync(password, password.Form("/account/password"), new Dictionary<string, string> { ["NewPassword"] = "a brand new password" });
        AssertFieldError(password, "CurrentPassword", "Enter your current password.");

        var devices = await laptop.GetAsync("/account/devices");
        devices = await laptop.SubmitAndFollowAsync(devices, devices.Form("/account/devices/confirm"));
        AssertFieldError(devices, "Input.Password", "Enter your password.");
    }

    [Fact]
    public async Task InsideTheWindowNoPasswordIsAsked()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await laptop.SignInAsync(ann);
        await phone.SignInAsync(ann);
        app.Time.Advance(TimeSpan.FromMinutes(9));

        var email = await laptop.GetAsync("/account/email");
        Assert.Null(email.Document.QuerySelector("input[type=password]"));

        var devices = await laptop.GetAsync("/account/devices");
        Assert.Null(devices.Document.QuerySelector("input[type=password]"));
        devices = await laptop.SubmitAndFollowAsync(devices, devices.Form("/account/devices/sign-out-others"));
        Assert.Contains("1 other device was signed out.", devices.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConfirmedPasswordCountsForTheWindowOnEveryPage()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await laptop.SignInAsync(ann);
        await phone.SignInAsync(ann);
        app.Time.Advance(TimeSpan.FromMinutes(11));

        var devices = await laptop.GetAsync("/account/devices");
        await laptop.SubmitAndFollowAsync(devices, devices.Form("/account/devices/confirm"), new Dictionary<string, string> { ["Input.Password"] = ann.Password });

        Assert.Null((await laptop.GetAsync("/account/email")).Document.QuerySelector("input[type=password]"));
        app.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.NotNull((await laptop.GetAsync("/account/email")).Document.QuerySelector("input[name=Password]"));
    }

    private static void AssertFieldError(Page page, string field, string message)
    {
        var id = field.Replace('.', '_');
        Assert.Equal(message, page.Document.QuerySelector($"#{id}-error")!.TextContent.Trim());
        Assert.Equal($"{id}-error", page.Document.QuerySelector($"input[name='{field}']")!.GetAttribute("aria-describedby"));
        Assert.Equal("current-password", page.Document.QuerySelector($"input[name='{field}']")!.GetAttribute("autocomplete"));
    }

    /// <summary>An account with no password, as one made through a provider: it signs in with codes (or the provider).</summary>
    private static async Task<TestUser> PasswordlessUserAsync(AppFactory app)
    {
        var user = await app.CreateUserAsync();
        await app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, "")));
        return user;
    }

    private static async Task SignInByCodeAsync(AppFactory app, Browser browser, TestUser user)
    {
        var check = await browser.AskForEmailCodeAsync(user.Email);
        await browser.EnterCodeAsync(check, await app.LatestCodeForAsync(user.Email));
    }
}
