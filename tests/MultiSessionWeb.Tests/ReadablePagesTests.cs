using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>Pages speak to people: names and places in words, no internal ids, a second step before ending everything.</summary>
public sealed class ReadablePagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("::1", "This computer")]
    [InlineData("127.0.0.1", "This computer")]
    [InlineData("203.0.113.9", "Address 203.0.113.9")]
    [InlineData(null, "Unknown place")]
    public void APlaceIsNamedInWords(string? address, string place) => Assert.Equal(place, DevicePlace.Describe(address));

    [Fact]
    public async Task TheProfileShowsNoInternalIds()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var sessionId = await browser.SessionIdOfAsync(ann);

        var text = (await browser.GetAsync("/account")).Document.QuerySelector("main")!.TextContent;

        Assert.DoesNotContain(sessionId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("User id", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyChooserOffersToSignInOrCreateAnAccount()
    {
        using var browser = app.NewBrowser();

        var links = (await browser.GetAsync("/accounts")).Document.QuerySelectorAll("main a").Select(a => a.TextContent.Trim()).ToList();

        Assert.Contains("Sign in", links);
        Assert.Contains("Create account", links);
        Assert.DoesNotContain("+ Add account", links);
    }

    [Fact]
    public async Task ARefusedPageNamesTheAccountAndOffersTheOthers()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        var page = await Page.LoadAsync(await browser.GetRawAsync("/admin"));

        Assert.Equal($"{bob.Name} can't open this page", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains(page.Document.QuerySelectorAll("main a"), a => a.TextContent.Contains($"Continue as {ann.Name}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigningOutOfEverythingTakesASecondStep()
    {
        var ann = await app.CreateUserAsync();
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await laptop.SignInAsync(ann);
        await phone.SignInAsync(ann);

        foreach (var (browser, path, action) in new[] { (laptop, "/", "/accounts/sign-out-all"), (laptop, "/accounts", "/accounts/sign-out-all"), (laptop, "/account/devices", "/account/devices/sign-out-others") })
        {
            var form = (await browser.GetAsync(path)).Form(action);
            // The form sits inside a closed disclosure: its button shows only after the first one.
            Assert.NotNull(form.Closest("details.confirm-step:not([open])"));
            Assert.StartsWith("Yes, sign out", form.QuerySelector("button")!.TextContent.Trim(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LinkedSignInsSayNothingOfAProviderThatIsNotThere()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var text = (await browser.GetAsync("/account/logins")).Document.QuerySelector("main")!.TextContent;

        Assert.DoesNotContain("Continue with …", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningInAgainToARememberedAccountNamesItAndFixesTheEmail()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await app.RevokeAsync(await browser.SessionIdOfAsync(ann));

        var page = await browser.GetAsync($"/sign-in?email={Uri.EscapeDataString(ann.Email)}");

        Assert.Equal($"Sign in again as {ann.Name}", page.Document.QuerySelector("h1")!.TextContent.Trim());
        var email = page.Document.QuerySelector("input[name=Email]")!;
        Assert.Equal(ann.Email, email.GetAttribute("value"));
        Assert.True(email.HasAttribute("readonly"));
        Assert.Contains(page.Document.QuerySelectorAll("main a"), a => a.TextContent.Trim() == "Use another account");
    }
}
