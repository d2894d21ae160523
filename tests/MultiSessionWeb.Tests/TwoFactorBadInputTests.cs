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
}
