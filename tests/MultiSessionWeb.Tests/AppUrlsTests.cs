using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class AppUrlsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void UnderASlotBrowserPagesLeaveThePrefixAndAccountPagesKeepIt()
    {
        var urls = UrlsFor(pathBase: "/u/2", rootPathBase: "");

        Assert.Equal("/sign-in", urls.Browser.SignIn());
        Assert.Equal("/accounts", urls.Browser.Chooser());
        Assert.Equal("/accounts/switch", urls.Browser.Switch());
        Assert.Equal("/tasks/reset-password?ReturnUrl=%2Fu%2F2%2Faccount", urls.Browser.Task("/u/2/account"));
        Assert.Equal("/u/3/", urls.Browser.Slot(3));
        Assert.Equal("/u/2/", urls.Account.Home());
        Assert.Equal("/u/2/account", urls.Account.Profile());
        Assert.Equal("/u/2/account/devices/sign-out-others", urls.Account.DevicesSignOutOthers());
        Assert.Equal("/u/2/account/security?page=3", urls.Account.Security(3));
    }

    [Fact]
    public void UnderAPathBaseEveryUrlStartsWithIt()
    {
        var urls = UrlsFor(pathBase: "/app/u/1", rootPathBase: "/app");

        Assert.Equal("/app/sign-in?ReturnUrl=%2Fapp%2Faccount", urls.Browser.SignIn("/app/account"));
        Assert.Equal("/app/", urls.Browser.Home());
        Assert.Equal("/app/u/4/", urls.Browser.Slot(4));
        Assert.Equal("/app/u/1/account/email", urls.Account.Email());
        Assert.Equal("/app/u/1/admin/users/u_1/disable", urls.Account.AdminUser("u_1", "disable"));
    }

    [Theory]
    [InlineData("ann+work@example.test")]
    [InlineData("o'brien@example.test")]
    [InlineData("first.last-name_x@sub.example.test")]
    public void ReturnUrlsAndAddressesAreEscapedAsTheyWereByHand(string email)
    {
        var urls = UrlsFor(pathBase: "", rootPathBase: "");

        // The pages wrote these with Uri.EscapeDataString; the links must stay the same bytes.
        Assert.Equal("/sign-in?email=" + Uri.EscapeDataString(email), urls.Browser.SignIn(email: email));
        Assert.Equal(
            "/sign-in?email=" + Uri.EscapeDataString(email) + "&ReturnUrl=%2Faccount%3Fa%3D1%26b%3D%C3%A9",
            urls.Browser.SignIn("/account?a=1&b=é", email));
        Assert.Equal("/sign-in/code?channel=sms&ReturnUrl=%2Fa%20b%23c", urls.Browser.SignInCode("sms", "/a b#c"));
        Assert.Equal("/sign-in?error=unavailable&ReturnUrl=", urls.Browser.SignInError("unavailable", null));
        Assert.Equal("/sign-up", urls.Browser.SignUp(null));
    }

    [Fact]
    public async Task PagesLinkToTheSameAddressesAsBefore()
    {
        using var browser = app.NewBrowser();
        var signedOut = await browser.GetAsync("/sign-in?ReturnUrl=%2Faccount%3Fx%3D1");

        Assert.Equal("/sign-in", signedOut.Document.QuerySelector("main form")!.GetAttribute("action"));
        Assert.Equal("/sign-up?ReturnUrl=%2Faccount%3Fx%3D1", signedOut.Document.QuerySelector(".form-footer a")!.GetAttribute("href"));

        var ann = await app.CreateUserAsync();
        var home = await browser.SignInAsync(ann);
        Assert.NotNull(home.Document.QuerySelector(".account-menu a[href='/account']"));
        var inSlot = await browser.GetAsync("/u/0/");
        Assert.NotNull(inSlot.Document.QuerySelector(".account-menu a[href='/u/0/account']"));
        Assert.NotNull(inSlot.Document.QuerySelector(".account-menu a[href='/sign-in']"));
        Assert.NotNull(inSlot.Document.QuerySelector("a.brand[href='/u/0/']"));
    }

    [Fact]
    public void ConfiguredPathsAreTheOnesTheBuilderNames()
    {
        var urls = UrlsFor(pathBase: "/u/2", rootPathBase: "", o =>
        {
            o.SignInPath = "/login";
            o.ChooserPath = "/choose";
            o.TaskPath = "/todo";
        });

        Assert.Equal("/login?ReturnUrl=%2Fx", urls.Browser.SignIn("/x"));
        Assert.Equal("/login?error=external", urls.Browser.SignInError("external"));
        Assert.Equal("/choose", urls.Browser.Chooser());
        Assert.Equal("/todo?ReturnUrl=%2F", urls.Browser.Task("/"));
        // Forms post to the routes, which do not move with the pages.
        Assert.Equal("/sign-in", urls.Browser.SignInForm());
        Assert.Equal("/tasks/reset-password", urls.Browser.TaskForm());
    }

    [Fact]
    public async Task ConfiguredPathsAreWhereTheChallengeTheControllersAndThePagesSendPeople()
    {
        using var configured = new ConfiguredPathsFactory();
        using var browser = configured.NewBrowser();

        var challenge = await browser.GetRawAsync("/account");
        Assert.Equal("/login?ReturnUrl=%2Faccount", challenge.Headers.Location!.OriginalString);

        var ann = await configured.CreateUserAsync();
        var home = await browser.SignInAsync(ann);
        Assert.NotNull(home.Document.QuerySelector(".account-menu a[href='/login']"));
        Assert.NotNull(home.Document.QuerySelector(".account-menu a[href='/choose']"));

        var unknownSlot = await browser.GetRawAsync("/u/3/");
        Assert.Equal("/choose?slot=3", unknownSlot.Headers.Location!.OriginalString);

        var signedOut = await browser.SubmitAsync(home, home.Form("/accounts/sign-out-all"));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/login", signedOut.Headers.Location!.OriginalString);
    }

    private static AppUrls UrlsFor(string pathBase, string rootPathBase, Action<MultiSessionOptions>? configure = null)
    {
        var context = new DefaultHttpContext();
        context.Request.PathBase = pathBase;
        if (pathBase != rootPathBase)
        {
            context.Features.Set(new AccountSlotFeature(1, rootPathBase));
        }

        var options = new MultiSessionOptions();
        configure?.Invoke(options);
        return new AppUrls(new HttpContextAccessor { HttpContext = context }, new FixedOptions(options));
    }

    private sealed class FixedOptions(MultiSessionOptions options) : IOptionsMonitor<MultiSessionOptions>
    {
        public MultiSessionOptions CurrentValue => options;

        public MultiSessionOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<MultiSessionOptions, string?> listener) => null;
    }

    /// <summary>The sign-in page and the chooser moved (behind a proxy, say); the routes stay.</summary>
    private sealed class ConfiguredPathsFactory : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.PostConfigure<MultiSessionOptions>(MultiSessionDefaults.AuthenticationScheme, o =>
            {
                o.SignInPath = "/login";
                o.ChooserPath = "/choose";
            }));
        }
    }
}
