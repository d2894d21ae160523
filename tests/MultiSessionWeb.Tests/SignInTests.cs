using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class SignInTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AWrongPasswordAndAnUnknownEmailGetTheSameAnswer()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();

        var wrongPassword = await browser.SignInAsync(ann with { Password = "not-the-password" });
        var unknownEmail = await browser.SignInAsync(ann with { Email = "nobody." + ann.Email });

        foreach (var page in new[] { wrongPassword, unknownEmail })
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("/sign-in", page.Path);
            Assert.Equal("Email or password is incorrect.", page.Document.QuerySelector(".form-error")!.TextContent.Trim());
            Assert.Equal("", page.Document.QuerySelector("input[name=Password]")!.GetAttribute("value") ?? "");
        }

        Assert.Equal(
            wrongPassword.Document.QuerySelector("main form")!.TextContent.Replace(ann.Email, "", StringComparison.Ordinal),
            unknownEmail.Document.QuerySelector("main form")!.TextContent.Replace("nobody." + ann.Email, "", StringComparison.Ordinal));
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task MissingFieldsAreNamedNextToTheField()
    {
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync("/sign-in");

        page = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in"), new Dictionary<string, string> { ["Email"] = "not-an-email" });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Enter an email address like name@example.com, with no name, spaces or brackets.", page.Document.QuerySelector("#Email-error")!.TextContent.Trim());
        Assert.Equal("Enter your password.", page.Document.QuerySelector("#Password-error")!.TextContent.Trim());
        Assert.Equal("not-an-email", page.Document.QuerySelector("input[name=Email]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task SigningInToAnAccountThatIsAlreadySignedInReusesItsSession()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var annSession = await browser.SessionIdOfAsync(ann);

        var page = await browser.SignInAsync(ann);

        Assert.Contains($"You're already signed in as {ann.Email}.", page.Text, StringComparison.Ordinal);
        Assert.Equal(ann.Email, page.ActingEmail);
        var client = await browser.GetClientAsync();
        Assert.Equal(2, client.Sessions.Count);
        Assert.Equal(annSession, client.LastActiveSessionId);
        Assert.Equal(1, await app.QueryAsync(db => db.Sessions.CountAsync(s => s.UserId == ann.Id)));
    }

    [Fact]
    public async Task SignUpWithAnEmailThatHasAnAccountLooksTheSameAndOnlyTellsTheOwner()
    {
        var ann = await app.CreateUserAsync();
        var stranger = new TestUser("New Person", $"new.{Guid.NewGuid():N}@example.test", "a new password");
        using var browser = app.NewBrowser();

        var taken = await browser.StartSignUpAsync(ann with { Email = ann.Email.ToUpperInvariant(), Password = "another password" });
        var fresh = await browser.StartSignUpAsync(stranger);

        Assert.Equal("Verify your email", taken.Document.QuerySelector("h1")!.TextContent);
        Assert.Equal(
            fresh.Document.QuerySelector("main")!.TextContent.Replace(stranger.Email, "", StringComparison.Ordinal),
            taken.Document.QuerySelector("main")!.TextContent.Replace(ann.Email.ToUpperInvariant(), "", StringComparison.Ordinal));
        // Told at the address the account has, not at the address as typed.
        var mail = await app.QueryAsync(db => db.DevMessages.Where(m => m.To == ann.Email).SingleAsync());
        Assert.Contains("already has one", mail.Body, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b[0-9]{6}\b", mail.Body);
        var normalized = ann.Email.ToUpperInvariant();
        Assert.Equal(1, await app.QueryAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == normalized)));

        // Guessing codes for the taken address gets nowhere, and the old password still works.
        var page = await browser.EnterCodeAsync(taken, "123456");
        Assert.Equal("That code isn't right. Check it and try again.", page.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Equal(ann.Email, (await app.NewBrowser().SignInAsync(ann)).ActingEmail);
    }

    [Fact]
    public async Task SignUpRefusesAShortPassword()
    {
        using var browser = app.NewBrowser();

        var page = await browser.StartSignUpAsync(new TestUser("Short", $"short.{Guid.NewGuid():N}@example.test", "1234567"));

        Assert.Equal("Use a password of 8 to 256 characters.", page.Document.QuerySelector("#Password-error")!.TextContent.Trim());
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task AProtectedPageSendsToSignInAndBackAfterwards()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();

        var response = await browser.GetRawAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?ReturnUrl=%2Faccount", response.Headers.Location!.OriginalString);

        var page = await browser.SignInAsync(ann, returnUrl: "/account");
        Assert.Equal("/account", page.Path);
        Assert.Equal(ann.Name, page.Document.QuerySelector("main h1")!.TextContent);
    }

    [Theory]
    [InlineData("https://evil.test/")]
    [InlineData("//evil.test/")]
    [InlineData("/\\evil.test/")]
    [InlineData("https:%2F%2Fevil.test")]
    [InlineData("javascript:alert(1)")]
    public async Task AReturnUrlOffThisSiteIsNotFollowed(string returnUrl)
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync($"/sign-in?ReturnUrl={Uri.EscapeDataString(returnUrl)}");

        var response = await browser.SubmitAsync(page, page.Form("/sign-in"), Scenarios.Credentials(ann));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AtTheCapSignInIsRefusedWithAMessageNamingTheCap()
    {
        using var capped = new CappedAppFactory();
        var users = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            users.Add(await capped.CreateUserAsync());
        }

        using var browser = capped.NewBrowser();
        await browser.SignInAsync(users[0]);
        await browser.SignInAsync(users[1]);

        var page = await browser.SignInAsync(users[2]);

        Assert.Equal("/sign-in", page.Path);
        Assert.Equal(
            "This browser is signed in to 2 accounts, the most it can hold. Sign out of one to add another.",
            page.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("a[href='/accounts']"));
        var (emails, active) = await browser.AccountsAsync();
        Assert.Equal([users[0].Email, users[1].Email], emails);
        Assert.Equal(users[1].Email, active);

        // Signing out of one makes room again.
        await browser.SignOutOfAsync(users[0]);
        page = await browser.SignInAsync(users[2]);
        Assert.Equal(users[2].Email, page.ActingEmail);
    }

    [Fact]
    public async Task SingleSessionModeRefusesASecondAccount()
    {
        using var single = new SingleSessionAppFactory();
        var (ann, bob) = (await single.CreateUserAsync(), await single.CreateUserAsync());
        using var browser = single.NewBrowser();
        await browser.SignInAsync(ann);

        var page = await browser.SignInAsync(bob);

        Assert.Equal("You're already signed in. Sign out first to use another account.", page.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.Equal([ann.Email], (await browser.AccountsAsync()).Emails);
    }

    private sealed class CappedAppFactory : AppFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } =
            new Dictionary<string, string?> { ["MultiSession:MaxAccountsPerClient"] = "2" };
    }

    private sealed class SingleSessionAppFactory : AppFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } =
            new Dictionary<string, string?> { ["MultiSession:Enabled"] = "false" };
    }
}
