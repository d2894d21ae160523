using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// A test that moves the clock does so on an app of its own: the shared app's clock stays where it
/// started, so no test depends on which ran before it.
/// </summary>
public sealed class EmailChangeTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ANewAddressIsProvedByACodeAndTheOldAddressIsTold()
    {
        using var own = new AppFactory();
        var ann = await own.CreateUserAsync();
        var newEmail = $"ann.new.{Guid.NewGuid():N}@example.test";
        using var browser = own.NewBrowser();
        using var other = own.NewBrowser();
        await browser.SignInAsync(ann);
        await other.SignInAsync(ann);
        own.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(ann.Email, (await other.GetAsync("/")).ActingEmail);

        // Past the reverification window the password is asked for again.
        var page = await browser.GetAsync("/account/email");
        Assert.NotNull(page.Document.QuerySelector("input[name=Password]"));
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/email"), new Dictionary<string, string>
        {
            ["Email"] = newEmail,
            ["Password"] = ann.Password,
        });
        Assert.Contains($"We emailed a 6-digit code to {newEmail}", page.Text, StringComparison.Ordinal);
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/email/verify"), new Dictionary<string, string>
        {
            ["Code"] = await own.LatestCodeForAsync(newEmail),
        });

        Assert.Equal("/account", page.Path);
        Assert.Contains($"Your email address is now {newEmail}.", page.Text, StringComparison.Ordinal);
        Assert.Equal(newEmail, page.ActingEmail);
        // Every browser that lists the account shows the new address on its next request.
        Assert.Equal(newEmail, (await other.GetAsync("/")).ActingEmail);
        var notice = await own.QueryAsync(db => db.DevMessages.Where(m => m.To == ann.Email).OrderByDescending(m => m.Id).FirstAsync());
        Assert.Contains($"was changed from {ann.Email} to {newEmail}", notice.Body, StringComparison.Ordinal);
        Assert.True(await own.QueryAsync(db => db.SecurityEvents.AnyAsync(e => e.UserId == ann.Id && e.Type == SecurityEventTypes.EmailChanged)));

        using var third = own.NewBrowser();
        Assert.Null((await third.SignInAsync(ann)).ActingEmail);
        Assert.Equal(newEmail, (await third.SignInAsync(ann with { Email = newEmail })).ActingEmail);
    }

    [Fact]
    public async Task AWrongPasswordChangesNothingAndSendsNothing()
    {
        using var own = new AppFactory();
        var ann = await own.CreateUserAsync();
        var newEmail = $"ann.new.{Guid.NewGuid():N}@example.test";
        using var browser = own.NewBrowser();
        await browser.SignInAsync(ann);
        own.Time.Advance(TimeSpan.FromMinutes(11));

        var page = await browser.GetAsync("/account/email");
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/email"), new Dictionary<string, string>
        {
            ["Email"] = newEmail,
            ["Password"] = "not it",
        });

        Assert.Equal("That is not your password.", page.Document.QuerySelector("#Password-error")!.TextContent.Trim());
        Assert.Equal(newEmail, ((AngleSharp.Html.Dom.IHtmlInputElement)page.Document.QuerySelector("input[name=Email]")!).Value);
        Assert.False(await own.QueryAsync(db => db.DevMessages.AnyAsync(m => m.To == newEmail)));
        Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);
    }

    [Fact]
    public async Task AnAddressThatHasAnAccountLooksTheSameButGetsNoUsableCode()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        // Just signed in: the password counts for a few minutes, so it is not asked for.
        var page = await browser.GetAsync("/account/email");
        Assert.Null(page.Document.QuerySelector("input[name=Password]"));
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/email"), new Dictionary<string, string> { ["Email"] = bob.Email });

        Assert.Contains($"We emailed a 6-digit code to {bob.Email}", page.Text, StringComparison.Ordinal);
        var told = await app.QueryAsync(db => db.DevMessages.Where(m => m.To == bob.Email).OrderByDescending(m => m.Id).FirstAsync());
        Assert.Contains("this address already has one", told.Body, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b[0-9]{6}\b", told.Body);
        var code = await app.QueryAsync(db => db.OneTimeCodes.Where(c => c.Purpose == CodePurposes.ChangeEmail).OrderByDescending(c => c.Id).FirstAsync());
        Assert.Null(code.UserId);

        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/email/verify"), new Dictionary<string, string> { ["Code"] = "123456" });
        Assert.NotNull(page.Form("/account/email/verify"));
        Assert.NotEmpty(page.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);
    }

    [Fact]
    public async Task TheSameAddressOrABadOneIsTurnedAwayWithAReason()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var page = await browser.GetAsync("/account/email");
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/email"), new Dictionary<string, string> { ["Email"] = ann.Email.ToUpperInvariant() });
        Assert.Equal("That is already your email address.", page.Document.QuerySelector("#Email-error")!.TextContent.Trim());

        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/email"), new Dictionary<string, string> { ["Email"] = "not an address" });
        Assert.Equal("Enter an email address like name@example.com, with no name, spaces or brackets.", page.Document.QuerySelector("#Email-error")!.TextContent.Trim());
    }
}
