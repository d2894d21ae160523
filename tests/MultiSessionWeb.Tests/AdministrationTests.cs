using System.Net;
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
        page = await admin.SubmitAndFollowAsync(page, page.Form("/end-session", await phone.SessionIdOfAsync(ann)));
        Assert.Contains("The session was ended.", page.Text, StringComparison.Ordinal);
        Assert.Empty((await phone.AccountsAsync()).Emails);
        Assert.Equal([ann.Email], (await laptop.AccountsAsync()).Emails);

        page = await admin.SubmitAndFollowAsync(page, page.Form("/end-all-sessions"));
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
        page = await admin.SubmitAndFollowAsync(page, page.Form("/disable"));

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
        await admin.SubmitAndFollowAsync(page, page.Form("/require-password-reset"));
        var annSession = await browser.SessionIdOfAsync(ann);
        Assert.Equal(SessionStatus.Pending, (await app.GetSessionAsync(annSession)).Status);

        // Pending counts as signed out: a protected page sends to the task, and back afterwards.
        var response = await browser.GetRawAsync("/account");
        Assert.Equal("/tasks/reset-password?ReturnUrl=%2Faccount", response.Headers.Location!.OriginalString);
        var task = await browser.FollowAsync(response);
        Assert.Contains(ann.Email, task.Text, StringComparison.Ordinal);
        Assert.Null(task.ActingEmail);
        Assert.Contains("Action needed", (await browser.GetAsync("/accounts")).Text, StringComparison.Ordinal);

        var done = await browser.SubmitAndFollowAsync(task, task.Form("/tasks/reset-password"), new Dictionary<string, string> { ["Input.NewPassword"] = "chosen after reset" });

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
        await admin.SubmitAndFollowAsync(page, page.Form("/require-password-reset"));
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
        await admin.SubmitAndFollowAsync(page, page.Form("/require-password-reset"));

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
            Assert.Contains("1 session(s) ended.", (await browser.FollowAsync(response)).Text, StringComparison.Ordinal);
            Assert.Empty((await target.AccountsAsync()).Emails);
        }

        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
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
