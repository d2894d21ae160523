using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class AdministrationTests(AdministrationTests.AdminAppFactory app) : IClassFixture<AdministrationTests.AdminAppFactory>
{
    private const string AdminEmail = "admin@example.test";

    [Fact]
    public async Task OnlyListedAccountsReachTheAdministration()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetRawAsync("/admin")).StatusCode);

        await browser.SignInAsync(ann);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetRawAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task AnAdministratorEndsOneSessionThenAllSessionsOfAUser()
    {
        var ann = await app.CreateUserAsync();
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await laptop.SignInAsync(ann);
        await phone.SignInAsync(ann);
        using var admin = await AdminAsync();

        var page = await admin.GetAsync($"/admin/users/{ann.Id}");
        Assert.Equal(2, page.Document.QuerySelectorAll("form[action$='/end-session']").Length);
        page = await ConfirmedAsync(admin, page, "/end-session", await phone.SessionIdOfAsync(ann));
        Assert.Contains("The session was ended.", page.Text, StringComparison.Ordinal);
        Assert.Empty((await phone.AccountsAsync()).Emails);
        Assert.Equal([ann.Email], (await laptop.AccountsAsync()).Emails);

        page = await ConfirmedAsync(admin, page, "/end-all-sessions");
        Assert.Contains("1 session(s) ended.", page.Text, StringComparison.Ordinal);
        Assert.Empty((await laptop.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task ADisabledAccountLosesItsSessionsAndCannotSignIn()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        using var admin = await AdminAsync();

        var page = await admin.GetAsync($"/admin/users/{ann.Id}");
        page = await ConfirmedAsync(admin, page, "/disable");

        Assert.Contains($"{ann.Email} is disabled; 1 session(s) ended.", page.Text, StringComparison.Ordinal);
        Assert.Equal([(ann.Email, "revoked")], await browser.RememberedAsync());
        var refused = await browser.SignInAsync(ann);
        Assert.Equal("This account has been disabled. Contact your administrator.", refused.Document.QuerySelector(".form-error")!.TextContent.Trim());
        // The wrong password still gets the usual answer: "disabled" is only said to the owner.
        var guessed = await browser.SignInAsync(ann with { Password = "guess" });
        Assert.Equal("Email or password is incorrect.", guessed.Document.QuerySelector(".form-error")!.TextContent.Trim());

        page = await admin.SubmitAndFollowAsync(page, page.Form("/enable"));
        Assert.Equal(ann.Email, (await browser.SignInAsync(ann)).ActingEmail);
    }

    [Fact]
    public async Task AFlaggedAccountMustChooseANewPasswordBeforeGoingOn()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        using var other = app.NewBrowser();
        await browser.SignInAsync(bob);
        await browser.SignInAsync(ann);
        await other.SignInAsync(ann);
        using var admin = await AdminAsync();
        var page = await admin.GetAsync($"/admin/users/{ann.Id}");
        await ConfirmedAsync(admin, page, "/require-password-reset");
        var annSession = await browser.SessionIdOfAsync(ann);
        Assert.Equal(SessionStatus.Pending, (await app.GetSessionAsync(annSession)).Status);

        // Pending counts as signed out: a protected page sends to the task, and back afterwards.
        var response = await browser.GetRawAsync("/account");
        Assert.Equal("/tasks/reset-password?ReturnUrl=%2Faccount", response.Headers.Location!.OriginalString);
        var task = await browser.FollowAsync(response);
        Assert.Contains(ann.Email, task.Text, StringComparison.Ordinal);
        Assert.Null(task.ActingEmail);
        Assert.Contains("Action needed", (await browser.GetAsync("/accounts")).Text, StringComparison.Ordinal);

        task = await browser.SubmitAndFollowAsync(task, task.Form("/tasks/reset-password/code"));
        var done = await browser.SubmitAndFollowAsync(task, task.Form("/tasks/reset-password"), new Dictionary<string, string>
        {
            ["Input.Code"] = await app.LatestCodeForAsync(ann.Email),
            ["Input.NewPassword"] = "chosen after reset",
        });

        Assert.Equal("/account", done.Path);
        Assert.Equal(ann.Email, done.ActingEmail);
        Assert.Equal(SessionStatus.Active, (await app.GetSessionAsync(annSession)).Status);
        Assert.Equal([(ann.Email, "revoked")], await other.RememberedAsync());
        Assert.Equal(ann.Email, (await app.NewBrowser().SignInAsync(ann with { Password = "chosen after reset" })).ActingEmail);
    }

    [Fact]
    public async Task SigningInToAFlaggedAccountGoesToTheTask()
    {
        var ann = await app.CreateUserAsync();
        using var admin = await AdminAsync();
        var page = await admin.GetAsync($"/admin/users/{ann.Id}");
        await ConfirmedAsync(admin, page, "/require-password-reset");
        using var browser = app.NewBrowser();

        var landed = await browser.SignInAsync(ann, returnUrl: "/account");

        Assert.Equal("/tasks/reset-password", landed.Path);
        Assert.Equal("Choose a new password", landed.Document.QuerySelector("h1")!.TextContent);
        Assert.Equal([ann.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task SwitchingToAPendingAccountGoesToTheTask()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        using var admin = await AdminAsync();
        var page = await admin.GetAsync($"/admin/users/{ann.Id}");
        await ConfirmedAsync(admin, page, "/require-password-reset");

        var chooser = await browser.GetAsync("/accounts");
        var landed = await browser.SubmitAndFollowAsync(chooser, chooser.Form("/accounts/switch", ann.Email));

        Assert.Equal("/tasks/reset-password", landed.Path);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAdministrationPageActsAsTheAdministratorAfterASwitchAndIsRefusedOnceSignedOut(bool adminSignedOut)
    {
        var (ann, dan) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var target = app.NewBrowser();
        await target.SignInAsync(dan);
        await app.EnsureAdminAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(AdminAppFactory.Admin);
        var tab = await browser.GetAsync($"/admin/users/{dan.Id}");

        // Another tab: Ann, who is no administrator, becomes active; perhaps the administrator signs out.
        var chooser = await browser.GetAsync("/accounts");
        await browser.SubmitAsync(chooser, chooser.Form("/accounts/switch", ann.Email));
        if (adminSignedOut)
        {
            await browser.SignOutOfAsync(AdminAppFactory.Admin);
        }

        var response = await browser.SubmitAsync(tab, tab.Form("/end-all-sessions"));

        if (adminSignedOut)
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal([dan.Email], (await target.AccountsAsync()).Emails);
        }
        else
        {
            // The confirmation page is the administrator's too, and so is the confirmed post.
            var asked = await browser.FollowAsync(response);
            var done = await browser.SubmitAndFollowAsync(asked, asked.Form("/end-all-sessions", "name=\"Confirmed\""));
            Assert.Contains("1 session(s) ended.", done.Text, StringComparison.Ordinal);
            Assert.Empty((await target.AccountsAsync()).Emails);
        }

        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
    }

    [Fact]
    public async Task DestructiveActionsAskFirstAndChangeNothingUntilConfirmed()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        using var admin = await AdminAsync();
        var page = await admin.GetAsync($"/admin/users/{ann.Id}");

        foreach (var action in new[] { "/end-session", "/end-all-sessions", "/disable", "/require-password-reset" })
        {
            var asked = await admin.SubmitAndFollowAsync(page, page.Form(action));

            Assert.EndsWith("?", asked.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(ann.Email, asked.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(asked.Document.QuerySelector($"a[href='/admin/users/{ann.Id}']"));
        }

        Assert.Equal([ann.Email], (await browser.AccountsAsync()).Emails);
        var user = await app.QueryAsync(db => db.Users.SingleAsync(u => u.Id == ann.Id));
        Assert.Null(user.DisabledAt);
        Assert.False(user.MustResetPassword);
    }

    [Fact]
    public async Task AnAdministratorCannotDisableTheirOwnAccount()
    {
        using var admin = await AdminAsync();
        var adminId = await app.QueryAsync(db => db.Users.Where(u => u.Email == AdminEmail).Select(u => u.Id).SingleAsync());
        var page = await admin.GetAsync($"/admin/users/{adminId}");
        Assert.Null(page.Document.QuerySelector("form[action$='/disable']"));
        var other = await admin.GetAsync($"/admin/users/{(await app.CreateUserAsync()).Id}");

        // A form for another account, pointed at one's own: refused even when confirmed.
        var forged = Html.ContentOf(other.Form("/disable"), new Dictionary<string, string> { ["Confirmed"] = "true" });
        var refused = await admin.FollowAsync(await admin.Http.PostAsync($"/admin/users/{adminId}/disable", forged));

        Assert.Contains("You can't disable your own account.", refused.Text, StringComparison.Ordinal);
        Assert.Null(await app.QueryAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.DisabledAt).SingleAsync()));
        Assert.Equal([AdminEmail], (await admin.AccountsAsync()).Emails);
    }

    /// <summary>Posts a destructive action, then confirms it on the page that asks.</summary>
    private static async Task<Page> ConfirmedAsync(Browser admin, Page page, string action, string? containing = null)
    {
        var asked = await admin.SubmitAndFollowAsync(page, page.Form(action, containing));
        return await admin.SubmitAndFollowAsync(asked, asked.Form(action, "name=\"Confirmed\""));
    }

    private async Task<Browser> AdminAsync()
    {
        await app.EnsureAdminAsync();
        var admin = app.NewBrowser();
        await admin.SignInAsync(AdminAppFactory.Admin);
        return admin;
    }

    public sealed class AdminAppFactory : AppFactory
    {
        public static readonly TestUser Admin = new("Ada Admin", AdminEmail, "administrator password");

        private readonly SemaphoreSlim _once = new(1, 1);
        private bool _created;

        protected override IReadOnlyDictionary<string, string?> Settings { get; } =
            new Dictionary<string, string?> { ["Admin:Emails:0"] = AdminEmail };

        public async Task EnsureAdminAsync()
        {
            await _once.WaitAsync();
            try
            {
                if (!_created)
                {
                    await CreateUserAsync(Admin);
                    _created = true;
                }
            }
            finally
            {
                _once.Release();
            }
        }

        protected override void Dispose(bool disposing)
        {
            _once.Dispose();
            base.Dispose(disposing);
        }
    }
}
