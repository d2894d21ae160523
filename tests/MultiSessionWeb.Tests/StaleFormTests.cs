using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// A page opened as Bob, whose form is posted after another tab switched to Ann, or after Bob was
/// signed out in another tab or ended on another device: the post acts as Bob while he is still
/// signed in here, and is refused — changing nothing — once he is not. Never as Ann.
/// </summary>
public sealed class StaleFormTests(AppFactory app) : IClassFixture<AppFactory>
{
    public enum Elsewhere
    {
        /// <summary>Another tab switched to Ann; Bob is still signed in.</summary>
        SwitchedToAnn,

        /// <summary>Another tab switched to Ann, then signed out of Bob.</summary>
        BobSignedOutInAnotherTab,

        /// <summary>Another tab switched to Ann, then Bob's session here was ended on another device.</summary>
        BobEndedOnAnotherDevice,
    }

    [Theory]
    [InlineData(Elsewhere.SwitchedToAnn)]
    [InlineData(Elsewhere.BobSignedOutInAnotherTab)]
    [InlineData(Elsewhere.BobEndedOnAnotherDevice)]
    public async Task AStalePasswordFormChangesBobsPasswordOrNothingNeverAnns(Elsewhere elsewhere)
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        var tab = await browser.GetAsync("/account/password");
        Assert.Equal(bob.Email, tab.ActingEmail);
        await HappensElsewhereAsync(browser, elsewhere, ann, bob);
        var before = await PasswordHashesAsync(ann, bob);

        var response = await browser.SubmitAsync(tab, tab.Form("/account/password"), new Dictionary<string, string>
        {
            ["CurrentPassword"] = bob.Password,
            ["NewPassword"] = "bob chose this one",
        });

        var after = await PasswordHashesAsync(ann, bob);
        Assert.Equal(before.Ann, after.Ann);
        if (elsewhere == Elsewhere.SwitchedToAnn)
        {
            Assert.NotEqual(before.Bob, after.Bob);
            var page = await browser.FollowAsync(response);
            // The tab goes on as Bob, under his /u/{slot}/; the other tab's choice of Ann stands.
            Assert.Equal("/u/1/account", page.Path);
            Assert.Equal(bob.Email, page.ActingEmail);
            Assert.Contains("Your password was changed", page.Text, StringComparison.Ordinal);
            Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        }
        else
        {
            Assert.Equal(before.Bob, after.Bob);
            await AssertRefusedAsync(response, opened: bob, active: ann, "/account/password");
        }
    }

    [Theory]
    [InlineData(Elsewhere.SwitchedToAnn)]
    [InlineData(Elsewhere.BobSignedOutInAnotherTab)]
    [InlineData(Elsewhere.BobEndedOnAnotherDevice)]
    public async Task AStaleEmailFormChangesBobsAddressOrNothingNeverAnns(Elsewhere elsewhere)
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        var tab = await browser.GetAsync("/account/email");
        await HappensElsewhereAsync(browser, elsewhere, ann, bob);
        var newAddress = $"new.{Guid.NewGuid():N}@example.test";

        var response = await browser.SubmitAsync(tab, tab.Form("/account/email"), new Dictionary<string, string> { ["Email"] = newAddress });

        if (elsewhere == Elsewhere.SwitchedToAnn)
        {
            var codePage = await browser.FollowAsync(response);
            Assert.Equal(bob.Email, codePage.ActingEmail);
            var done = await browser.EnterCodeAsync(codePage, await app.LatestCodeForAsync(newAddress));
            Assert.Equal(newAddress, done.ActingEmail);
            Assert.Equal(newAddress, await EmailOfAsync(bob));
        }
        else
        {
            await AssertRefusedAsync(response, opened: bob, active: ann, "/account/email");
            Assert.Equal(0, await app.QueryAsync(db => db.DevMessages.CountAsync(m => m.To == newAddress)));
            Assert.Equal(bob.Email, await EmailOfAsync(bob));
        }

        Assert.Equal(ann.Email, await EmailOfAsync(ann));
    }

    [Fact]
    public async Task AStaleEmailCodePageConfirmsBobsNewAddressAfterASwitch()
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        var form = await browser.GetAsync("/account/email");
        var newAddress = $"new.{Guid.NewGuid():N}@example.test";
        var codePage = await browser.SubmitAndFollowAsync(form, form.Form("/account/email"), new Dictionary<string, string> { ["Email"] = newAddress });

        await SwitchInAnotherTabAsync(browser, ann);
        await browser.EnterCodeAsync(codePage, await app.LatestCodeForAsync(newAddress));

        Assert.Equal(newAddress, await EmailOfAsync(bob));
        Assert.Equal(ann.Email, await EmailOfAsync(ann));
    }

    [Theory]
    [InlineData(Elsewhere.SwitchedToAnn)]
    [InlineData(Elsewhere.BobSignedOutInAnotherTab)]
    [InlineData(Elsewhere.BobEndedOnAnotherDevice)]
    public async Task AStalePhoneFormVerifiesBobsNumberOrNothingNeverAnns(Elsewhere elsewhere)
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        var tab = await browser.GetAsync("/account/phone");
        await HappensElsewhereAsync(browser, elsewhere, ann, bob);
        var phone = "+49151" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await browser.SubmitAsync(tab, tab.Form("/account/phone"), new Dictionary<string, string> { ["Phone"] = phone });

        if (elsewhere == Elsewhere.SwitchedToAnn)
        {
            var codePage = await browser.FollowAsync(response);
            await browser.EnterCodeAsync(codePage, await app.LatestCodeForAsync(phone));
            Assert.Equal(phone, await PhoneOfAsync(bob));
        }
        else
        {
            await AssertRefusedAsync(response, opened: bob, active: ann, "/account/phone");
            Assert.Equal(0, await app.QueryAsync(db => db.DevMessages.CountAsync(m => m.To == phone)));
            Assert.Null(await PhoneOfAsync(bob));
        }

        Assert.Null(await PhoneOfAsync(ann));
    }

    [Theory]
    [InlineData(Elsewhere.SwitchedToAnn)]
    [InlineData(Elsewhere.BobSignedOutInAnotherTab)]
    [InlineData(Elsewhere.BobEndedOnAnotherDevice)]
    public async Task AStaleSignOutOfAllOtherDevicesEndsBobsOthersOrNothingNeverAnns(Elsewhere elsewhere)
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        using var annsLaptop = app.NewBrowser();
        using var bobsPhone = app.NewBrowser();
        await annsLaptop.SignInAsync(ann);
        await bobsPhone.SignInAsync(bob);
        var tab = await browser.GetAsync("/account/devices");
        Assert.Equal(bob.Email, tab.ActingEmail);
        await HappensElsewhereAsync(browser, elsewhere, ann, bob);

        var response = await browser.SubmitAsync(tab, tab.Form("/account/devices/sign-out-others"));

        Assert.Equal([ann.Email], (await annsLaptop.AccountsAsync()).Emails);
        if (elsewhere == Elsewhere.SwitchedToAnn)
        {
            var page = await browser.FollowAsync(response);
            Assert.Contains("1 other device was signed out.", page.Text, StringComparison.Ordinal);
            Assert.Empty((await bobsPhone.AccountsAsync()).Emails);
            Assert.Equal([ann.Email, bob.Email], (await browser.AccountsAsync()).Emails);
        }
        else
        {
            await AssertRefusedAsync(response, opened: bob, active: ann, "/account/devices");
            Assert.Equal([bob.Email], (await bobsPhone.AccountsAsync()).Emails);
        }
    }

    [Fact]
    public async Task AStaleSignOutOfOneDeviceEndsBobsDeviceAfterASwitch()
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        using var bobsPhone = app.NewBrowser();
        await bobsPhone.SignInAsync(bob);
        var phoneSession = await bobsPhone.SessionIdOfAsync(bob);
        var tab = await browser.GetAsync("/account/devices");

        await SwitchInAnotherTabAsync(browser, ann);
        var page = await browser.SubmitAndFollowAsync(tab, tab.Form("/account/devices/sign-out", phoneSession));

        Assert.Contains("That device was signed out.", page.Text, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Revoked, (await app.GetSessionAsync(phoneSession)).Status);
    }

    [Theory]
    [InlineData(Elsewhere.SwitchedToAnn)]
    [InlineData(Elsewhere.BobSignedOutInAnotherTab)]
    [InlineData(Elsewhere.BobEndedOnAnotherDevice)]
    public async Task AStaleRemoveOfALinkedSignInRemovesBobsOrNothing(Elsewhere elsewhere)
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        var bobsLogin = await LinkAsync(bob);
        var annsLogin = await LinkAsync(ann);
        var tab = await browser.GetAsync("/account/logins");
        await HappensElsewhereAsync(browser, elsewhere, ann, bob);

        var response = await browser.SubmitAsync(tab, tab.Form("/account/logins/unlink"));

        Assert.True(await IsLinkedAsync(annsLogin));
        if (elsewhere == Elsewhere.SwitchedToAnn)
        {
            var page = await browser.FollowAsync(response);
            Assert.Contains("That provider no longer signs you in to this account.", page.Text, StringComparison.Ordinal);
            Assert.False(await IsLinkedAsync(bobsLogin));
        }
        else
        {
            await AssertRefusedAsync(response, opened: bob, active: ann, "/account/logins");
            Assert.True(await IsLinkedAsync(bobsLogin));
        }
    }

    [Theory]
    [InlineData(Elsewhere.SwitchedToAnn)]
    [InlineData(Elsewhere.BobSignedOutInAnotherTab)]
    [InlineData(Elsewhere.BobEndedOnAnotherDevice)]
    public async Task AStaleTaskPageSetsBobsNewPasswordOrNothingNeverAnns(Elsewhere elsewhere)
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        await MarkPendingAsync(ann);
        await MarkPendingAsync(bob);
        var tab = await browser.GetAsync("/tasks/reset-password");
        Assert.Contains(bob.Email, tab.Text, StringComparison.Ordinal);
        tab = await browser.SubmitAndFollowAsync(tab, tab.Form("/tasks/reset-password/code"));
        var code = await app.LatestCodeForAsync(bob.Email);
        await HappensElsewhereAsync(browser, elsewhere, ann, bob);
        var before = await PasswordHashesAsync(ann, bob);

        var response = await browser.SubmitAsync(tab, tab.Form("/tasks/reset-password"), new Dictionary<string, string>
        {
            ["Input.Code"] = code,
            ["Input.NewPassword"] = "bob's reset password",
        });

        var after = await PasswordHashesAsync(ann, bob);
        Assert.Equal(before.Ann, after.Ann);
        Assert.Equal(SessionStatus.Pending, (await app.GetSessionAsync(await SessionIdAsync(browser, ann))).Status);
        if (elsewhere == Elsewhere.SwitchedToAnn)
        {
            Assert.NotEqual(before.Bob, after.Bob);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(SessionStatus.Active, (await app.GetSessionAsync(await SessionIdAsync(browser, bob))).Status);
        }
        else
        {
            Assert.Equal(before.Bob, after.Bob);
            await AssertRefusedAsync(response, opened: bob, active: null, "/tasks/reset-password");
        }
    }

    [Fact]
    public async Task AFormWithoutTheSessionItWasRenderedForIsRefusedAndChangesNothing()
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        var tab = await browser.GetAsync("/account/password");
        var before = await PasswordHashesAsync(ann, bob);
        var fields = FieldsOf(tab, "/account/password").Where(f => f.Key != "__session").ToList();
        fields.RemoveAll(f => f.Key is "CurrentPassword" or "NewPassword");
        fields.Add(new("CurrentPassword", bob.Password));
        fields.Add(new("NewPassword", "an old page's new password"));

        using var content = new FormUrlEncodedContent(fields);
        var response = await browser.Http.PostAsync("/account/password", content);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await Page.LoadAsync(response);
        Assert.Contains("This page was opened for an account that is no longer signed in on this browser", page.Text, StringComparison.Ordinal);
        Assert.Equal(before, await PasswordHashesAsync(ann, bob));
    }

    [Fact]
    public async Task ARefusedFormNamesNoAccountOfAnotherBrowser()
    {
        var (ann, eve) = (await app.CreateUserAsync("Ann Elsewhere"), await app.CreateUserAsync("Eve Attacker"));
        using var victim = app.NewBrowser();
        using var attacker = app.NewBrowser();
        await victim.SignInAsync(ann);
        await attacker.SignInAsync(eve);
        var page = await attacker.GetAsync("/account/password");
        var before = await PasswordHashesAsync(ann, eve);

        var response = await attacker.Http.PostAsync("/account/password", Html.ContentOf(page.Form("/account/password"), new Dictionary<string, string>
        {
            ["__session"] = await victim.SessionIdOfAsync(ann),
            ["CurrentPassword"] = eve.Password,
            ["NewPassword"] = "eve's attempt at ann",
        }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(ann.Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain(ann.Email, body, StringComparison.Ordinal);
        Assert.Equal(before, await PasswordHashesAsync(ann, eve));
    }

    [Fact]
    public async Task BrowserWideFormsNeedNoSessionAndActOnTheBrowser()
    {
        var (browser, ann, bob) = await AnnThenBobAsync();
        var tab = await browser.GetAsync("/accounts"); // rendered while Bob is active
        await SwitchInAnotherTabAsync(browser, ann);

        await browser.SubmitAndFollowAsync(tab, tab.Form("/accounts/switch", bob.Email));

        Assert.Equal(bob.Email, (await browser.AccountsAsync()).Active);
    }

    [Fact]
    public void OnlyTheBrowsersOwnFormsOptOut()
    {
        var optedOut = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.AspNetCore.Mvc.ControllerBase).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes(typeof(Microsoft.AspNetCore.Mvc.HttpPostAttribute), inherit: true).Length > 0)
            .Where(m => m.IsDefined(typeof(Forms.BrowserWideAttribute), inherit: true) || m.DeclaringType!.IsDefined(typeof(Forms.BrowserWideAttribute), inherit: true))
            .Select(m => m.DeclaringType!.Name)
            .ToHashSet();

        Assert.Equal(["AccountsController", "PasskeySignInController", "SecondStepController", "SignInController", "SignUpController", "StepUpController"], optedOut.Order());
    }

    private async Task<(Browser Browser, TestUser Ann, TestUser Bob)> AnnThenBobAsync()
    {
        var (ann, bob) = (await app.CreateUserAsync("Ann Stale"), await app.CreateUserAsync("Bob Builder"));
        var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        return (browser, ann, bob);
    }

    private async Task HappensElsewhereAsync(Browser browser, Elsewhere elsewhere, TestUser ann, TestUser bob)
    {
        var bobsSession = await SessionIdAsync(browser, bob);
        await SwitchInAnotherTabAsync(browser, ann);
        switch (elsewhere)
        {
            case Elsewhere.BobSignedOutInAnotherTab:
                var chooser = await browser.GetAsync("/accounts");
                await browser.SubmitAndFollowAsync(chooser, chooser.Form("/accounts/sign-out", bob.Email));
                break;
            case Elsewhere.BobEndedOnAnotherDevice:
                await app.RevokeAsync(bobsSession);
                break;
        }
    }

    /// <summary>Through the chooser, which offers every signed-in account, pending ones too.</summary>
    private static async Task SwitchInAnotherTabAsync(Browser browser, TestUser user)
    {
        var chooser = await browser.GetAsync("/accounts");
        await browser.SubmitAsync(chooser, chooser.Form("/accounts/switch", user.Email));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, TestUser opened, TestUser? active, string page)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refused = await Page.LoadAsync(response);
        Assert.Contains($"This page was opened as {opened.Name}, who is no longer signed in on this browser. Nothing was changed.", refused.Text, StringComparison.Ordinal);
        var signInAgain = refused.Document.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == $"Sign in again as {opened.Name}");
        Assert.StartsWith($"/sign-in?email={opened.Email}&ReturnUrl=", Uri.UnescapeDataString(signInAgain.GetAttribute("href")!), StringComparison.Ordinal);
        if (active is not null)
        {
            var continueAs = refused.Document.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == $"Continue as {active.Name}");
            Assert.Equal(page, continueAs.GetAttribute("href"));
        }
    }

    private static List<KeyValuePair<string, string>> FieldsOf(Page page, string action) =>
        [.. page.Form(action).Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && (i.Type != "checkbox" || i.IsChecked))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))];

    private static async Task<string> SessionIdAsync(Browser browser, TestUser user) =>
        (await browser.GetClientAsync()).Sessions.Single(s => s.User.Email == user.Email).Id;

    private async Task<(string Ann, string Bob)> PasswordHashesAsync(TestUser ann, TestUser bob) => (
        await app.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).Select(u => u.PasswordHash).SingleAsync()),
        await app.QueryAsync(db => db.Users.Where(u => u.Id == bob.Id).Select(u => u.PasswordHash).SingleAsync()));

    private Task<string> EmailOfAsync(TestUser user) =>
        app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.Email).SingleAsync());

    private Task<string?> PhoneOfAsync(TestUser user) =>
        app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id && u.PhoneVerifiedAt != null).Select(u => u.Phone).SingleOrDefaultAsync());

    private async Task<long> LinkAsync(TestUser user)
    {
        var login = new ExternalLogin
        {
            UserId = user.Id,
            Provider = "test",
            Subject = Guid.NewGuid().ToString("N"),
            Email = user.Email,
            CreatedAt = app.Time.GetUtcNow().UtcDateTime,
        };
        await app.QueryAsync(async db =>
        {
            db.ExternalLogins.Add(login);
            return await db.SaveChangesAsync();
        });
        return login.Id;
    }

    private Task<bool> IsLinkedAsync(long loginId) => app.QueryAsync(db => db.ExternalLogins.AnyAsync(l => l.Id == loginId));

    private async Task MarkPendingAsync(TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SessionStore>().MarkPendingAsync(user.Id, CancellationToken.None);
    }
}
