using System.Net;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class AbuseLimitTests
{
    [Theory]
    [InlineData("RateLimits:SignInPerAddressPerMinute", "/sign-in", "/sign-in")]
    [InlineData("RateLimits:SignUpPerAddressPerHour", "/sign-up", "/sign-up")]
    [InlineData("RateLimits:CodeSendPerAddressPerMinute", "/sign-in/code?channel=email", "/sign-in/code")]
    public async Task OneAddressIsStoppedAfterItsLimitWithA429PageAndRetryAfter(string setting, string page, string action)
    {
        using var app = new AppFactory { ExtraSettings = { [setting] = "3" } };
        using var browser = app.NewBrowser();
        var form = await browser.GetAsync(page);
        var fields = new Dictionary<string, string> { ["Name"] = "Rate Limited", ["Password"] = "a wrong password" };

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            fields["Email"] = $"limited.{i}.{Guid.NewGuid():N}@example.test";
            last = await browser.SubmitAsync(form, form.Form(action), fields);
            statuses.Add(last.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var body = await last.Content.ReadAsStringAsync();
        Assert.Contains("Too many attempts", body, StringComparison.Ordinal);

        // Another address is not held back.
        using var other = app.NewBrowser();
        var otherForm = await other.GetAsync(page);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.SubmitAsync(otherForm, otherForm.Form(action), fields)).StatusCode);
    }

    [Fact]
    public async Task CodeEntriesFromOneAddressAreLimited()
    {
        using var app = new AppFactory { ExtraSettings = { ["RateLimits:CodeVerifyPerAddressPerMinute"] = "3" } };
        using var browser = app.NewBrowser();
        var check = await browser.AskForEmailCodeAsync($"someone.{Guid.NewGuid():N}@example.test");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // The form's "Code" field must not leak into the error page's route value of the same name.
            statuses.Add((await browser.SubmitAsync(check, check.Form("/verify"), new Dictionary<string, string> { ["Code"] = "123456" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task OneAccountIsStoppedAfterItsLimitFromAnyAddress()
    {
        using var app = new AppFactory { ExtraSettings = { ["RateLimits:PerIdentifierPerMinute"] = "3" } };
        var ann = await app.CreateUserAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var browser = app.NewBrowser(); // a new address each time
            var page = await browser.GetAsync("/sign-in");
            statuses.Add((await browser.SubmitAsync(page, page.Form("/sign-in"), Scenarios.Credentials(ann with { Password = "wrong" }))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task TenWrongPasswordsPausePasswordSignInButCodesStillWork()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var attacker = app.NewBrowser();
        for (var i = 0; i < 10; i++)
        {
            await attacker.SignInAsync(ann with { Password = $"guess {i}" });
        }

        using var owner = app.NewBrowser();
        var paused = await owner.SignInAsync(ann);

        Assert.Null(paused.ActingEmail);
        Assert.Contains("Password sign-in is paused for 15 minutes", paused.Document.QuerySelector(".form-error")!.TextContent, StringComparison.Ordinal);
        var check = await owner.AskForEmailCodeAsync(ann.Email);
        Assert.Equal(ann.Email, (await owner.EnterCodeAsync(check, await app.LatestCodeForAsync(ann.Email))).ActingEmail);
        var activity = await owner.GetAsync("/account/security");
        Assert.Contains("Password sign-in paused after too many wrong passwords", activity.Text, StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromMinutes(16));
        using var later = app.NewBrowser();
        Assert.Equal(ann.Email, (await later.SignInAsync(ann)).ActingEmail);
    }
}
