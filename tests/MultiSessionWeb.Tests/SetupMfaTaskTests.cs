using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;
using OtpNet;

namespace MultiSessionWeb.Tests;

/// <summary>Clerk's setup-mfa task: an account that must have a second factor and has none waits pending until it sets one up.</summary>
public sealed class SetupMfaTaskTests(AdministrationTests.AdminAppFactory app) : IClassFixture<AdministrationTests.AdminAppFactory>
{
    [Fact]
    public async Task WithMfaRequiredEverywhereASignInWithoutASecondFactorIsPendingUntilTheAppIsSetUp()
    {
        using var strict = new AppFactory { ExtraSettings = { ["Mfa:Required"] = "true" } };
        var ann = await strict.CreateUserAsync();
        using var browser = strict.NewBrowser();

        var task = await browser.SignInAsync(ann, returnUrl: "/account/devices");
        Assert.True(task.Path == "/tasks/setup-mfa" && task.Document.QuerySelector(".totp-secret") is not null, task.Url + System.Text.RegularExpressions.Regex.Replace(task.Text, @"\s+", " ")[..Math.Min(1500, System.Text.RegularExpressions.Regex.Replace(task.Text, @"\s+", " ").Length)]);
        await AssertPendingWithTaskAsync(browser);
        // Only the task page serves the session; an account page sends it back to the task.
        Assert.Equal("/tasks/setup-mfa", (await browser.GetAsync("/account")).Path);

        var done = await SetUpOnTaskPageAsync(browser, strict, task);
        Assert.Equal(10, done.Document.QuerySelectorAll(".recovery-codes code").Length);
        var session = Assert.Single((await browser.GetClientAsync()).Sessions);
        Assert.Equal("active", session.Status);
        Assert.Equal([0, 0], session.FactorVerificationAge);
        Assert.Equal("/account", (await browser.GetAsync("/account")).Path);

        // From now on the account signs in with its second factor, and no task.
        strict.Time.Advance(TimeSpan.FromSeconds(30));
        using var other = strict.NewBrowser();
        Assert.Equal("/sign-in/second-step", (await other.SignInAsync(ann)).Path);
    }

    [Fact]
    public async Task TurningOnMfaRequiredPutsSessionsThatAlreadyExistOnTheTaskToo()
    {
        var database = Path.Combine(Path.GetTempPath(), "msw-tests", $"{Guid.NewGuid():N}.db");
        var sameDatabase = new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={database}" };
        try
        {
            TestUser ann;
            TestUser bob;
            System.Net.CookieCollection cookies;
            using (var before = new AppFactory())
            {
                foreach (var (key, value) in sameDatabase)
                {
                    before.ExtraSettings[key] = value;
                }

                ann = await before.CreateUserAsync();
                bob = await before.CreateUserAsync();
                using var browser = before.NewBrowser();
                await browser.SignInAsync(bob);
                await browser.SetUpTwoFactorAsync(before);
                await browser.SignInAsync(ann);
                Assert.All((await browser.GetClientAsync()).Sessions, s => Assert.Equal("active", s.Status));
                cookies = browser.Cookies.GetAllCookies();
            }

            using var after = new AppFactory { ExtraSettings = { ["Mfa:Required"] = "true" } };
            foreach (var (key, value) in sameDatabase)
            {
                after.ExtraSettings[key] = value;
            }

            using var sameBrowser = after.NewBrowser();
            sameBrowser.Cookies.Add(cookies);
            var sessions = (await sameBrowser.GetClientAsync()).Sessions;
            var anns = sessions.Single(s => s.User.Email == ann.Email);
            Assert.Equal("pending", anns.Status);
            Assert.Equal("setup-mfa", anns.CurrentTask?.Key);
            // Bob has an authenticator app: nothing is asked of him.
            Assert.Equal("active", sessions.Single(s => s.User.Email == bob.Email).Status);
            Assert.Equal("/tasks/setup-mfa", (await sameBrowser.GetAsync("/account")).Path);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task TheAdministratorsFlagMakesTheAccountsSessionsWaitOnSettingUpASecondFactor()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        Assert.Equal("active", Assert.Single((await browser.GetClientAsync()).Sessions).Status);

        await FlagAsync(ann);
        await AssertPendingWithTaskAsync(browser);
        Assert.True(await app.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).Select(u => u.MfaRequired).SingleAsync()));
        // The reset-password task is not this session's.
        Assert.NotEqual("/tasks/reset-password", (await browser.GetAsync("/tasks/reset-password")).Path);

        var task = await browser.GetAsync("/tasks/setup-mfa");
        var wrong = await browser.SubmitAndFollowAsync(task, task.Form("/tasks/setup-mfa"), new Dictionary<string, string> { ["Code"] = "12345x" });
        Assert.StartsWith("That code isn't right", wrong.Document.QuerySelector("#Code-error")!.TextContent.Trim(), StringComparison.Ordinal);
        await AssertPendingWithTaskAsync(browser);

        await SetUpOnTaskPageAsync(browser, app, task);
        Assert.Equal("active", Assert.Single((await browser.GetClientAsync()).Sessions).Status);

        // A new sign-in of the flagged account, now with its factor, has no task.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/sign-in/second-step", (await app.NewBrowser().SignInAsync(ann)).Path);
    }

    [Fact]
    public async Task ResetPasswordComesFirstWhenBothAreDue()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await FlagAsync(ann);
        await FlagAsync(ann, "/require-password-reset");

        var session = Assert.Single((await browser.GetClientAsync()).Sessions);
        Assert.Equal("reset-password", session.CurrentTask?.Key);
        var task = await browser.GetAsync("/account");
        Assert.Equal("/tasks/reset-password", task.Path);

        task = await browser.SubmitAndFollowAsync(task, task.Form("/tasks/reset-password/code"));
        var next = await browser.SubmitAndFollowAsync(task, task.Form("/tasks/reset-password"), new Dictionary<string, string>
        {
            ["Input.Code"] = await app.LatestCodeForAsync(ann.Email),
            ["Input.NewPassword"] = "a new password for both tasks",
        });
        Assert.Equal("/tasks/setup-mfa", next.Path);
        await AssertPendingWithTaskAsync(browser);
        await SetUpOnTaskPageAsync(browser, app, next);
        Assert.Equal("active", Assert.Single((await browser.GetClientAsync()).Sessions).Status);
    }

    [Fact]
    public async Task APasskeyIsASecondFactorSoTheFlagPutsNoTaskOnAnAccountThatHasOne()
    {
        using var own = new AdministrationTests.AdminAppFactory { ExtraSettings = { ["Passkeys:Origins:0"] = "https://localhost" } };
        var ann = await own.CreateUserAsync();
        using var key = await PasskeyTests.RegisteredKeyAsync(own, ann);
        using var browser = own.NewBrowser();
        await browser.SignInAsync(ann);

        await FlagAsync(ann, factory: own);

        Assert.True(await own.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).Select(u => u.MfaRequired).SingleAsync()));
        Assert.Equal("active", Assert.Single((await browser.GetClientAsync()).Sessions).Status);
        using var later = own.NewBrowser();
        await later.SignInAsync(ann);
        var session = Assert.Single((await later.GetClientAsync()).Sessions);
        Assert.Equal("active", session.Status);
        Assert.Null(session.CurrentTask);
    }

    private static async Task AssertPendingWithTaskAsync(Browser browser)
    {
        var session = Assert.Single((await browser.GetClientAsync()).Sessions);
        Assert.Equal("pending", session.Status);
        Assert.Equal("setup-mfa", session.CurrentTask?.Key);
        Assert.False(session.CanActAs);
    }

    private static async Task<Page> SetUpOnTaskPageAsync(Browser browser, AppFactory factory, Page task)
    {
        var secret = Base32Encoding.ToBytes(task.Document.QuerySelector(".totp-secret")!.TextContent.Replace(" ", "", StringComparison.Ordinal));
        return await browser.SubmitAndFollowAsync(task, task.Form("/tasks/setup-mfa"), new Dictionary<string, string>
        {
            ["Code"] = new Totp(secret).ComputeTotp(factory.Time.GetUtcNow().UtcDateTime),
        });
    }

    private async Task FlagAsync(TestUser user, string action = "/require-mfa", AdministrationTests.AdminAppFactory? factory = null)
    {
        var on = factory ?? app;
        await on.EnsureAdminAsync();
        using var admin = on.NewBrowser();
        await admin.SignInAsync(AdministrationTests.AdminAppFactory.Admin);
        var page = await admin.GetAsync($"/admin/users/{user.Id}");
        var asked = await admin.SubmitAndFollowAsync(page, page.Form(action));
        Assert.Contains("?", asked.Document.QuerySelector("h1")?.TextContent ?? asked.Text, StringComparison.Ordinal);
        await admin.SubmitAndFollowAsync(asked, asked.Form(action, "name=\"Confirmed\""));
    }
}
