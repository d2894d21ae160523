using System.Net;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>The two-step routes given letters, seven digits, nothing, far too much or a forged id: a page with a message, never a 500.</summary>
public sealed class TwoFactorBadInputTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static readonly TheoryData<string> BadCodes = new() { "abcdef", "1234567", "", " ", new string('9', 20_000), "<script>", "12 34 5x" };

    [Theory]
    [MemberData(nameof(BadCodes))]
    public async Task TheSecondStepAnswersBadCodesWithAMessage(string code)
    {
        using var browser = app.NewBrowser();
        var user = await app.CreateUserAsync();
        await browser.SignInAsync(user);
        await browser.SetUpTwoFactorAsync(app);
        await browser.SignOutOfAllAsync();

        var step = await browser.SignInAsync(user);
        var answer = await browser.EnterSecondFactorAsync(step, code);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("/sign-in/second-step", answer.Path);
        Assert.False(string.IsNullOrWhiteSpace(answer.Document.QuerySelector("#Code-error")?.TextContent), answer.Text);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("psi_forged")]
    [InlineData("sess_AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("psi_AAAAAAAAAAAAAAAAAAAAAA' OR 1=1 --")]
    public async Task AForgedHalfDoneSignInGetsAPageThatSaysToSignInAgain(string id)
    {
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync($"/sign-in/second-step?id={Uri.EscapeDataString(id)}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var posted = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/second-step"), new Dictionary<string, string> { ["Id"] = id + new string('x', 100), ["Code"] = "123456" });
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Contains("Sign in again", posted.Document.QuerySelector(".form-error")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadCodes))]
    public async Task TheSetUpPageAnswersBadCodesWithAMessage(string code)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        var page = await browser.GetAsync("/account/two-factor");
        var answer = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/confirm"), new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(string.IsNullOrWhiteSpace(answer.Document.QuerySelector("#Code-error")?.TextContent), answer.Text);
        Assert.NotNull(answer.Document.QuerySelector(".totp-secret"));
    }

    [Fact]
    public async Task AHugePasswordOnTurnOffGetsAMessage()
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        await browser.SetUpTwoFactorAsync(app);
        app.Time.Advance(TimeSpan.FromMinutes(11));
        var page = await browser.GetAsync("/account/two-factor");
        var answer = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/turn-off"), new Dictionary<string, string> { ["Password"] = new string('p', 20_000) });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(string.IsNullOrWhiteSpace(answer.Document.QuerySelector("#Password-error")?.TextContent), answer.Text);
    }

    [Theory]
    [MemberData(nameof(BadCodes))]
    public async Task TheStepUpPageAnswersBadCodesWithAMessageAndDoesNotSwitch(string code)
    {
        var (browser, bob, ann) = await BobAsksAndAnnIsActiveAsync();
        app.Time.Advance(TimeSpan.FromMinutes(16));
        var step = await browser.SwitchToAsync(bob);
        var answer = await browser.SubmitAndFollowAsync(step, step.Form("/accounts/step-up"), new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("/accounts/step-up", answer.Path);
        Assert.False(string.IsNullOrWhiteSpace(answer.Document.QuerySelector("#Code-error")?.TextContent), answer.Text);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        browser.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("sess_forged")]
    [InlineData("sess_AAAAAAAAAAAAAAAAAAAAAA' OR 1=1 --")]
    public async Task AForgedSessionOnTheStepUpPageGoesToTheChooserWithAMessage(string session)
    {
        var (browser, _, ann) = await BobAsksAndAnnIsActiveAsync();
        var page = await browser.GetAsync($"/accounts/step-up?session={Uri.EscapeDataString(session)}&returnUrl=https://evil.example/");
        Assert.Equal("/accounts", page.Path);
        Assert.Contains("isn't signed in on this browser", page.Text, StringComparison.Ordinal);

        var home = await browser.GetAsync("/");
        var token = home.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var posted = await browser.Http.PostAsync("/accounts/step-up", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Session"] = session + new string('x', 100),
            ["Code"] = "123456",
            ["Open"] = "perhaps",
        }));
        var answer = await browser.FollowAsync(posted);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("/accounts", answer.Path);
        Assert.Equal(ann.Email, (await browser.AccountsAsync()).Active);
        browser.Dispose();
    }

    [Fact]
    public async Task AChoiceThatIsNeitherOnNorOffChangesNothing()
    {
        var (browser, bob, _) = await BobAsksAndAnnIsActiveAsync();
        await browser.SwitchToAsync(bob);
        var page = await browser.GetAsync("/account/two-factor");
        var answer = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/step-up-on-switch"), new Dictionary<string, string> { ["On"] = "banana" });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("nothing changed", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Stop asking when switching", answer.Text, StringComparison.Ordinal);
        browser.Dispose();
    }

    private async Task<(Browser Browser, TestUser Bob, TestUser Ann)> BobAsksAndAnnIsActiveAsync()
    {
        var bob = await app.CreateUserAsync();
        var ann = await app.CreateUserAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync(bob);
        await browser.SetUpTwoFactorAsync(app);
        await browser.AskForStepUpOnSwitchAsync();
        await browser.SignInAsync(ann);
        return (browser, bob, ann);
    }
}
