using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>Addresses are plain addr-specs, and odd input — addresses, return URLs — gets a clear answer, never a 500.</summary>
public sealed class StrictInputTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string> NotPlainAddresses => new()
    {
        "a b@x.test",
        "a@x..test",
        "x <atk@evil.test>",
        "\"Ann\" <ann@x.test>",
        "Ann <ann@x.test>",
        "\"a b\"@x.test",
        "ann@x.test (comment)",
        "(comment)ann@x.test",
        "ann@x.test.",
        ".ann@x.test",
        "ann.@x.test",
        "ann..b@x.test",
        "ann@-x.test",
        "ann@x",
        "ann@@x.test",
        "ann@x.test, bob@y.test",
        "ann@[127.0.0.1]",
        "änn@x.test",
    };

    [Theory]
    [MemberData(nameof(NotPlainAddresses))]
    public async Task SignUpRefusesAnAddressThatIsNotPlainAndLeavesNothingBehind(string address)
    {
        var marker = Guid.NewGuid().ToString("N");
        using var browser = app.NewBrowser();

        var page = await browser.StartSignUpAsync(new TestUser($"Odd {marker}", address, "a good password"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Enter an email address like name@example.com, with no name, spaces or brackets.", page.Document.QuerySelector("#Email-error")!.TextContent.Trim());
        Assert.Equal(address, page.Document.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Name == $"Odd {marker}")));
        Assert.False(await app.QueryAsync(db => db.OneTimeCodes.AnyAsync(c => c.IpAddress == browser.RemoteAddress)));
    }

    [Theory]
    [MemberData(nameof(NotPlainAddresses))]
    public async Task SignInByPasswordOrCodeRefusesAnAddressThatIsNotPlain(string address)
    {
        using var browser = app.NewBrowser();

        var withPassword = await browser.SignInAsync(new TestUser("", address, "a good password"));
        var withCode = await browser.AskForEmailCodeAsync(address);

        Assert.Equal("Enter an email address like name@example.com, with no name, spaces or brackets.", withPassword.Document.QuerySelector("#Email-error")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, withCode.Status);
        Assert.Equal("Enter an email address like name@example.com, with no name, spaces or brackets.", withCode.Document.QuerySelector("#Email-error")!.TextContent.Trim());
        Assert.False(await app.QueryAsync(db => db.OneTimeCodes.AnyAsync(c => c.IpAddress == browser.RemoteAddress)));
    }

    [Fact]
    public async Task AnAddressWithADisplayNameIsNotAcceptedAsAnAccountsNewEmail()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var form = await browser.GetAsync("/account/email");

        var page = await browser.SubmitAndFollowAsync(form, form.Form("/account/email"), new Dictionary<string, string>
        {
            ["Email"] = "x <atk@evil.test>",
            ["Password"] = ann.Password,
        });

        Assert.Equal("Enter an email address like name@example.com, with no name, spaces or brackets.", page.Document.QuerySelector("#Email-error")!.TextContent.Trim());
        Assert.Equal(ann.Email, await app.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).Select(u => u.Email).SingleAsync()));
        Assert.False(await app.QueryAsync(db => db.DevMessages.AnyAsync(m => m.To.Contains("evil.test"))));
    }

    [Fact]
    public async Task ACodeGoesToTheAddressTheAccountHasNotToTheAddressAsTyped()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();

        await browser.AskForEmailCodeAsync("  " + ann.Email.ToUpperInvariant() + " ");

        var to = await app.QueryAsync(db => db.DevMessages.Where(m => m.Body.Contains(ann.Email) || m.To == ann.Email).Select(m => m.To).ToListAsync());
        Assert.Equal([ann.Email], to);
    }

    public static TheoryData<string, string> ReturnUrls => new()
    {
        { "/é", "/%C3%A9" },
        { "/caf\u00e9?q=\u00fc#\u00e4", "/caf%C3%A9?q=%C3%BC#%C3%A4" },
        { "/%", "/%25" },
        { "/%zz", "/%25zz" },
        { "/a%20b", "/a%20b" },
        { "/a b", "/a%20b" },
        { "/\t/evil.test", "/" },
        { "/😀", "/%F0%9F%98%80" },
        { "/" + new string('a', 5000), "/" },
        { "//evil.test", "/" },
        { "\\\\evil.test", "/" },
        { "/\\evil.test", "/" },
        { "https://evil.test/", "/" },
        { "javascript:alert(1)", "/" },
    };

    [Theory]
    [MemberData(nameof(ReturnUrls))]
    public async Task AnyReturnUrlAfterSignInIsFollowedWhenLocalOrReplacedByHomeNeverA500(string returnUrl, string location)
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync("/sign-in");

        var response = await browser.SubmitAsync(page, page.Form("/sign-in"), new Dictionary<string, string>(Scenarios.Credentials(ann))
        {
            ["ReturnUrl"] = returnUrl,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
        Assert.Equal([ann.Email], (await browser.AccountsAsync()).Emails);
        var landed = await browser.GetRawAsync(location);
        Assert.True((int)landed.StatusCode < 500, $"{location} answered {(int)landed.StatusCode}.");
    }
}
