using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>The reset-password task: a pending session may be an intruder's, so the new password needs the owner's inbox.</summary>
public sealed class ResetPasswordTaskTests(AdministrationTests.AdminAppFactory app) : IClassFixture<AdministrationTests.AdminAppFactory>
{
    [Fact]
    public async Task APendingSessionWithoutTheCodeCannotSetAPasswordAndTheOwnersSessionsStayAsTheyWere()
    {
        var ann = await app.CreateUserAsync();
        using var owner = app.NewBrowser();
        using var intruder = app.NewBrowser();
        await owner.SignInAsync(ann);
        await intruder.SignInAsync(ann);
        await FlagAsync(ann);
        var ownersSession = await owner.SessionIdOfAsync(ann);

        var task = await intruder.GetAsync("/tasks/reset-password");
        Assert.Contains("To protect your account, we first send a code to", task.Text, StringComparison.Ordinal);
        var noCode = await intruder.SubmitAndFollowAsync(task, task.Form("/tasks/reset-password"), new Dictionary<string, string> { ["Input.NewPassword"] = "the intruder's password" });
        var wrongCode = await intruder.SubmitAndFollowAsync(noCode, noCode.Form("/tasks/reset-password"), new Dictionary<string, string>
        {
            ["Input.Code"] = "123456",
            ["Input.NewPassword"] = "the intruder's password",
        });

        Assert.Equal("/tasks/reset-password", noCode.Path);
        Assert.Equal("Enter the 6-digit code we emailed you.", noCode.Document.QuerySelector("#Input_Code-error")!.TextContent.Trim());
        Assert.Equal("That code isn't right. Check it and try again.", wrongCode.Document.QuerySelector("#Input_Code-error")!.TextContent.Trim());
        Assert.Null(wrongCode.ActingEmail);
        var owners = await app.GetSessionAsync(ownersSession);
        Assert.Equal(SessionStatus.Pending, owners.Status);
        Assert.Null(await app.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).Select(u => u.PasswordChangedAt).SingleAsync()));
        Assert.Equal(0, await app.QueryAsync(db => db.Sessions.CountAsync(s => s.UserId == ann.Id && s.Status != SessionStatus.Pending)));
        Assert.Equal("Email or password is incorrect.", (await app.NewBrowser().SignInAsync(ann with { Password = "the intruder's password" })).Document.QuerySelector(".form-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task WithTheCodeFromTheVerifiedAddressTheNewPasswordIsSetButNotTheOldOneAgain()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        using var other = app.NewBrowser();
        await browser.SignInAsync(ann);
        await other.SignInAsync(ann);
        await FlagAsync(ann);

        var task = await browser.GetAsync("/tasks/reset-password");
        task = await browser.SubmitAndFollowAsync(task, task.Form("/tasks/reset-password/code"));
        var masked = $"{ann.Email[0]}…{ann.Email[ann.Email.IndexOf('@', StringComparison.Ordinal)..]}";
        Assert.Contains($"To protect your account, we sent a code to {masked} — enter it to choose a new password.", task.Text, StringComparison.Ordinal);
        var code = await app.LatestCodeForAsync(ann.Email);

        var reused = await browser.SubmitAndFollowAsync(task, task.Form("/tasks/reset-password"), new Dictionary<string, string>
        {
            ["Input.Code"] = code,
            ["Input.NewPassword"] = ann.Password,
        });
        Assert.StartsWith("Choose a password you haven't used here", reused.Document.QuerySelector("#Input_NewPassword-error")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(reused.ActingEmail);

        // The refused password did not use the code up.
        var done = await browser.SubmitAndFollowAsync(reused, reused.Form("/tasks/reset-password"), new Dictionary<string, string>
        {
            ["Input.Code"] = code,
            ["Input.NewPassword"] = "chosen with the code",
        });

        Assert.Equal(ann.Email, done.ActingEmail);
        Assert.Equal([(ann.Email, "revoked")], await other.RememberedAsync());
        Assert.Equal(ann.Email, (await app.NewBrowser().SignInAsync(ann with { Password = "chosen with the code" })).ActingEmail);
    }

    private async Task FlagAsync(TestUser user)
    {
        await app.EnsureAdminAsync();
        using var admin = app.NewBrowser();
        await admin.SignInAsync(AdministrationTests.AdminAppFactory.Admin);
        var page = await admin.GetAsync($"/admin/users/{user.Id}");
        var asked = await admin.SubmitAndFollowAsync(page, page.Form("/require-password-reset"));
        await admin.SubmitAndFollowAsync(asked, asked.Form("/require-password-reset", "name=\"Confirmed\""));
    }
}
