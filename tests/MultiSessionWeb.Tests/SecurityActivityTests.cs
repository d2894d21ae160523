using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// A test that moves the clock does so on an app of its own: the shared app's clock stays where it
/// started, so no test depends on which ran before it.
/// </summary>
public sealed class SecurityActivityTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task SignInsFailuresSignOutsRevocationsAndPasswordChangesAreListedNewestFirst()
    {
        var ann = await app.CreateUserAsync();
        using var phone = app.NewBrowser();
        phone.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Mobile/15E148 Safari/604.1");
        await phone.SignInAsync(ann with { Password = "wrong" });
        await phone.SignInAsync(ann);
        await phone.SignOutFromMenuAsync();
        await phone.SignInAsync(ann);
        using var laptop = app.NewBrowser();
        await laptop.SignInAsync(ann);
        var page = await laptop.GetAsync("/account/password");
        await laptop.SubmitAndFollowAsync(page, page.Form("/account/password"), new Dictionary<string, string>
        {
            ["CurrentPassword"] = ann.Password,
            ["NewPassword"] = "another good password",
        });

        var activity = await laptop.GetAsync("/account/security");

        var entries = activity.Document.QuerySelectorAll(".event-list__what").Select(e => e.TextContent).ToList();
        Assert.Equal(
            [
                "A session ended because the password changed",
                "Password changed",
                "Signed in with password",
                "Signed in with password",
                "Signed out",
                "Signed in with password",
                "Failed sign-in: wrong password",
            ],
            entries);
        Assert.Contains("Safari 19 on iOS", activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivityIsPaged()
    {
        using var own = new AppFactory();
        var ann = await own.CreateUserAsync();
        using var browser = own.NewBrowser();
        for (var i = 0; i < 23; i++)
        {
            await browser.SignInAsync(ann with { Password = $"wrong {i}" });
            if (i % 9 == 8)
            {
                // Stay under the pause that ten wrong passwords in 15 minutes bring.
                own.Time.Advance(TimeSpan.FromMinutes(16));
            }
        }

        await browser.SignInAsync(ann);

        var first = await browser.GetAsync("/account/security");
        Assert.Equal(20, first.Document.QuerySelectorAll(".event-list__item").Length);
        Assert.Equal("Signed in with password", first.Document.QuerySelector(".event-list__what")!.TextContent);
        var older = first.Document.QuerySelector("a[href$='page=2']");
        Assert.NotNull(older);
        var second = await browser.GetAsync("/account/security?page=2");
        Assert.Equal(4, second.Document.QuerySelectorAll(".event-list__item").Length);
        Assert.Null(second.Document.QuerySelector("a[href$='page=3']"));
    }
}
