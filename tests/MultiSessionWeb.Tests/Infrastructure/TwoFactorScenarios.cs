using OtpNet;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>An authenticator app on the test's phone: the secret read off the set-up page, and the codes it shows at the app's time.</summary>
public sealed record TestAuthenticator(byte[] Secret, IReadOnlyList<string> RecoveryCodes)
{
    public string CodeAt(AppFactory app) => new Totp(Secret).ComputeTotp(app.Time.GetUtcNow().UtcDateTime);
}

public static class TwoFactorScenarios
{
    /// <summary>Turns on two-step verification for the browser's active account, as a person would: secret as text, then the app's code.</summary>
    public static async Task<TestAuthenticator> SetUpTwoFactorAsync(this Browser browser, AppFactory app)
    {
        var page = await browser.GetAsync("/account/two-factor");
        var secret = Base32Encoding.ToBytes(page.Document.QuerySelector(".totp-secret")!.TextContent.Replace(" ", "", StringComparison.Ordinal));
        var done = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/confirm"), new Dictionary<string, string>
        {
            ["Code"] = new Totp(secret).ComputeTotp(app.Time.GetUtcNow().UtcDateTime),
        });
        var codes = done.Document.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        // The next code the test gives is of a later time step than the one that confirmed the app.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        return new TestAuthenticator(secret, codes);
    }

    /// <summary>Types a code into the second step of a sign-in.</summary>
    public static Task<Page> EnterSecondFactorAsync(this Browser browser, Page page, string code) =>
        browser.SubmitAndFollowAsync(page, page.Form("/sign-in/second-step"), new Dictionary<string, string> { ["Code"] = code });

    /// <summary>On the active account's two-step verification page: "Ask when switching to this account".</summary>
    public static async Task AskForStepUpOnSwitchAsync(this Browser browser)
    {
        var page = await browser.GetAsync("/account/two-factor");
        var done = await browser.SubmitAndFollowAsync(page, page.Form("/account/two-factor/step-up-on-switch"));
        Assert.Contains("now asks to confirm it's you", done.Text, StringComparison.Ordinal);
    }
}
