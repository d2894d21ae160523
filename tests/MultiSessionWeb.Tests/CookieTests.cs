using System.Net;
using MultiSessionWeb.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MultiSessionWeb.Tests;

public sealed class CookieTests(AppFactory app, ITestOutputHelper output) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task TheCookieIsHostPrefixedSecureHttpOnlyAndLaxOverHttps()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync("/sign-in");

        var response = await browser.SubmitAsync(page, page.Form("/sign-in"), Scenarios.Credentials(ann));

        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.Contains(CookieNames.ClientOverHttp, StringComparison.Ordinal));
        Assert.StartsWith(CookieNames.Client + "=", header, StringComparison.Ordinal);
        Assert.Contains("path=/", header, StringComparison.Ordinal);
        Assert.Contains("secure", header, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", header, StringComparison.Ordinal);
        Assert.Contains("httponly", header, StringComparison.Ordinal);
        Assert.DoesNotContain("domain=", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCookieTheAppSetsIsSecureAndHttpOnlyOverHttps()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        var setCookies = new List<string>();
        async Task<HttpResponseMessage> Seen(Task<HttpResponseMessage> request)
        {
            var response = await request;
            setCookies.AddRange(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : []);
            return response;
        }

        // The antiforgery cookie, the client cookie, and a TempData notice (signing out of one account).
        var page = await Page.LoadAsync(await Seen(browser.GetRawAsync("/sign-in")));
        await Seen(browser.SubmitAsync(page, page.Form("/sign-in"), Scenarios.Credentials(ann)));
        await browser.SignInAsync(bob);
        page = await browser.GetAsync("/accounts");
        var signedOut = await Seen(browser.SubmitAsync(page, page.Form("/accounts/sign-out", bob.Email)));
        await Seen(browser.GetRawAsync(signedOut.Headers.Location!.OriginalString));

        var names = setCookies.Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).Distinct().ToList();
        Assert.Contains(names, n => n.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(names, n => n == ".AspNetCore.Mvc.CookieTempDataProvider");
        Assert.Contains(CookieNames.Client, names);
        Assert.All(setCookies, c =>
        {
            Assert.Contains("; secure", c, StringComparison.Ordinal);
            Assert.Contains("; httponly", c, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task OverPlainHttpTheCookieHasNoPrefixAndNoSecureFlag()
    {
        var ann = await app.CreateUserAsync();
        var jar = new CookieContainer();
        using var http = app.CreateDefaultClient(new Uri("http://localhost/"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(jar));
        var page = await Page.LoadAsync(await http.GetAsync("/sign-in"));

        var response = await http.PostAsync("/sign-in", Html.ContentOf(page.Form("/sign-in"), Scenarios.Credentials(ann)));

        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.Contains(CookieNames.ClientOverHttp, StringComparison.Ordinal));
        Assert.StartsWith(CookieNames.ClientOverHttp + "=", header, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", header, StringComparison.Ordinal);
        Assert.Contains("httponly", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenAccountsStayOneCookieUnder4096Bytes()
    {
        var sizes = new Dictionary<int, int>();
        using var browser = app.NewBrowser();
        for (var count = 1; count <= 10; count++)
        {
            await browser.SignInAsync(await app.CreateUserAsync());
            sizes[count] = $"{CookieNames.Client}={browser.ClientCookie}".Length;
        }

        Assert.Equal(10, (await browser.GetClientAsync()).Sessions.Count);
        // No chunks: the client cookie is one cookie (the device cookie beside it is another matter).
        Assert.Single(browser.Cookies.GetCookies(Browser.BaseAddress), c => c.Name.Contains(CookieNames.ClientOverHttp, StringComparison.Ordinal));
        Assert.True(sizes[10] < 4096, $"10 accounts take {sizes[10]} bytes.");
        output.WriteLine($"Cookie size: 1 account {sizes[1]} B, 5 accounts {sizes[5]} B, 10 accounts {sizes[10]} B");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("truncate")]
    [InlineData("flip")]
    [InlineData("huge")]
    public async Task ACookieThatCannotBeReadCountsAsSignedOutAndIsDeleted(string damage)
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var good = browser.ClientCookie!;
        var bad = damage switch
        {
            "truncate" => good[..(good.Length / 2)],
            "flip" => good[..20] + (good[20] == 'A' ? 'B' : 'A') + good[21..],
            "huge" => good + new string('A', 5000),
            _ => damage,
        };

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"{CookieNames.Client}={bad}");
        var response = await app.CreateClient(new() { BaseAddress = Browser.BaseAddress, AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Page.LoadAsync(response);
        Assert.Null(page.ActingEmail);
        Assert.NotNull(page.Document.QuerySelector("a[href='/sign-in']"));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CookieNames.Client + "=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));

        // The good cookie still works: nothing was lost on the server.
        Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);
    }

    [Fact]
    public async Task ACookieFromAnotherKeyRingCountsAsSignedOut()
    {
        using var otherApp = new AppFactory();
        var ann = await otherApp.CreateUserAsync();
        using var otherBrowser = otherApp.NewBrowser();
        await otherBrowser.SignInAsync(ann);

        using var browser = app.NewBrowser();
        browser.SetClientCookie(otherBrowser.ClientCookie!);
        var response = await browser.GetRawAsync("/account");

        Assert.Equal("/sign-in?ReturnUrl=%2Faccount", response.Headers.Location!.OriginalString);
        Assert.Null(browser.ClientCookie);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task PagesWithAccountDataAreNeverCached()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        foreach (var path in new[] { "/", "/account", "/accounts", "/api/client" })
        {
            var response = await browser.GetRawAsync(path);
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        }
    }
}
