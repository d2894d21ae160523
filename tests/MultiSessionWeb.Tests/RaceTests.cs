using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class RaceTests
{
    [Fact]
    public async Task FiftyParallelSignInsIntoOneBrowserEndWithFiftyAccounts()
    {
        using var app = new AppFactory { ExtraSettings = { ["MultiSession:MaxAccountsPerClient"] = "50" } };
        var users = new List<TestUser>();
        for (var i = 0; i < 50; i++)
        {
            users.Add(await app.CreateUserAsync());
        }

        using var browser = app.NewBrowser();
        var page = await browser.GetAsync("/sign-in");
        var form = page.Form("/sign-in");

        var responses = await Task.WhenAll(users.Select(u => browser.SubmitAsync(page, form, Scenarios.Credentials(u))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var client = await browser.GetClientAsync();
        Assert.Equal(50, client.Sessions.Count);
        Assert.Equal(users.Select(u => u.Email).Order(), client.Sessions.Select(s => s.User.Email).Order());
        Assert.Equal(Enumerable.Range(0, 50), client.Sessions.Select(s => s.Slot));
        var cookie = $"{CookieNames.Client}={browser.ClientCookie}";
        Assert.True(cookie.Length < 4096, $"50 accounts take {cookie.Length} bytes.");
    }

    [Fact]
    public async Task ParallelSwitchesAndSignOutsLeaveTheCookieAndTheRecordsAgreeing()
    {
        using var app = new AppFactory();
        var users = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await app.CreateUserAsync());
        }

        using var bystander = app.NewBrowser();
        await bystander.SignInAsync(users[0]);
        using var browser = app.NewBrowser();
        foreach (var user in users)
        {
            await browser.SignInAsync(user);
        }

        var chooser = await browser.GetAsync("/accounts");
        var home = await browser.GetAsync("/");
        var clientId = (await browser.GetClientAsync()).Id;
        var requests = new List<Task<HttpResponseMessage>>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var user in users)
            {
                requests.Add(browser.SubmitAsync(chooser, chooser.Form("/accounts/switch", user.Email)));
                requests.Add(browser.SubmitAsync(chooser, chooser.Form("/accounts/sign-out", user.Email)));
            }
        }

        requests.Add(browser.SubmitAsync(home, home.Form("/accounts/sign-out-all")));
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"{r.RequestMessage!.RequestUri} answered {(int)r.StatusCode}."));
        var signedIn = await app.QueryAsync(db => db.Sessions
            .Where(s => s.ClientId == clientId && (s.Status == SessionStatus.Active || s.Status == SessionStatus.Pending))
            .Select(s => s.Id).ToListAsync());
        var client = await browser.GetClientAsync();
        Assert.Equal(signedIn.Order(), client.Sessions.Where(s => s.Status == "active").Select(s => s.Id).Order());
        Assert.Empty(signedIn); // every account was signed out one way or another
        Assert.Equal([users[0].Email], (await bystander.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task TwoBrowsersSigningInAtOnceNeverSeeEachOthersAccounts()
    {
        using var app = new AppFactory();
        var users = new List<TestUser>();
        for (var i = 0; i < 8; i++)
        {
            users.Add(await app.CreateUserAsync());
        }

        using var first = app.NewBrowser();
        using var second = app.NewBrowser();
        var firstPage = await first.GetAsync("/sign-in");
        var secondPage = await second.GetAsync("/sign-in");

        await Task.WhenAll(users.Select((u, i) => i % 2 == 0
            ? first.SubmitAsync(firstPage, firstPage.Form("/sign-in"), Scenarios.Credentials(u))
            : second.SubmitAsync(secondPage, secondPage.Form("/sign-in"), Scenarios.Credentials(u))));

        Assert.Equal(users.Where((_, i) => i % 2 == 0).Select(u => u.Email).Order(), (await first.AccountsAsync()).Emails.Order());
        Assert.Equal(users.Where((_, i) => i % 2 == 1).Select(u => u.Email).Order(), (await second.AccountsAsync()).Emails.Order());
    }

    [Fact]
    public async Task WrongCodesSentAtOnceAreComparedAtMostFiveTimesAndTheRightOneAfterThemIsRefused()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync("/sign-in/code");
        var sent = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/code"), new Dictionary<string, string> { ["Email"] = ann.Email });
        var code = await app.LatestCodeForAsync(ann.Email);
        var wrong = new Dictionary<string, string> { ["Code"] = code == "000000" ? "111111" : "000000" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => browser.SubmitAsync(sent, sent.Form("/verify"), wrong)));

        Assert.All(answers, a => Assert.True(a.StatusCode < HttpStatusCode.InternalServerError, a.StatusCode.ToString()));
        Assert.Equal(5, await app.QueryAsync(db => db.OneTimeCodes.Where(c => c.UserId == ann.Id).Select(c => c.FailedAttempts).SingleAsync()));
        var right = await browser.EnterCodeAsync(sent, code);
        Assert.Equal("That code was entered wrongly too often. Ask for a new one.", right.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task WrongSecondStepCodesSentAtOnceAreComparedAtMostFiveTimesAndTheRightOneAfterThemIsRefused()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var phone = await browser.SetUpTwoFactorAsync(app);
        await browser.SignOutOfAllAsync();
        var step = await browser.SignInAsync(ann);
        var right = phone.CodeAt(app);
        var wrong = new Dictionary<string, string> { ["Code"] = right == "000000" ? "111111" : "000000" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => browser.SubmitAsync(step, step.Form("/sign-in/second-step"), wrong)));

        Assert.All(answers, a => Assert.True(a.StatusCode < HttpStatusCode.InternalServerError, a.StatusCode.ToString()));
        Assert.Equal(5, await app.QueryAsync(db => db.PendingSignIns.Where(p => p.UserId == ann.Id).Select(p => p.Failures).SingleAsync()));
        var late = await browser.EnterSecondFactorAsync(step, right);
        Assert.Equal("/sign-in/second-step", late.Path);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }
}
