using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class AntiforgeryTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/sign-up")]
    [InlineData("/accounts/switch")]
    [InlineData("/accounts/sign-out")]
    [InlineData("/accounts/sign-out-all")]
    public async Task APostWithoutTheTokenIsRefusedWith400AndChangesNothing(string path)
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var response = await browser.Http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = ann.Email,
            ["Password"] = ann.Password,
            ["SessionId"] = await browser.SessionIdOfAsync(ann),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([ann.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task AFormOpenedBeforeASwitchInAnotherTabStillPosts()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        var firstTab = await browser.GetAsync("/accounts"); // rendered while Cat is active

        await browser.SwitchToAsync(ann); // another tab

        var response = await browser.SubmitAsync(firstTab, firstTab.Form("/accounts/switch", bob.Email));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(bob.Email, (await browser.AccountsAsync()).Active);
    }

    [Fact]
    public async Task ASignInFormOpenedBeforeTheFirstSignInInAnotherTabStillPosts()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        var firstTab = await browser.GetAsync("/sign-in");

        await browser.SignInAsync(ann); // another tab
        var page = await browser.SubmitAndFollowAsync(firstTab, firstTab.Form("/sign-in"), Scenarios.Credentials(bob));

        Assert.Equal(bob.Email, page.ActingEmail);
        Assert.Equal([ann.Email, bob.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task ATokenFromAnotherBrowserIsRefused()
    {
        var ann = await app.CreateUserAsync();
        using var victim = app.NewBrowser();
        using var attacker = app.NewBrowser();
        await victim.SignInAsync(ann);
        var attackerPage = await attacker.GetAsync("/sign-in");
        var token = attackerPage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await victim.Http.PostAsync("/accounts/sign-out-all", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([ann.Email], (await victim.AccountsAsync()).Emails);
    }

    [Fact]
    public void EveryPostActionValidatesTheAntiforgeryToken()
    {
        var posts = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ControllerBase).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<HttpPostAttribute>() is not null)
            .ToList();

        Assert.NotEmpty(posts);
        Assert.All(posts, m => Assert.True(
            m.GetCustomAttribute<ValidateAntiForgeryTokenAttribute>() is not null,
            $"{m.DeclaringType!.Name}.{m.Name} accepts POST without [ValidateAntiForgeryToken]."));
    }
}
