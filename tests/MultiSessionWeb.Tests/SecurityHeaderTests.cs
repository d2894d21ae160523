using System.Text.RegularExpressions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed partial class SecurityHeaderTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/sign-in")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        using var browser = app.NewBrowser();

        var response = await browser.GetRawAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsResponsesOutsideDevelopmentCarryHsts()
    {
        using var http = app.CreateClient(new() { BaseAddress = new Uri("https://app.example.test/") });

        var response = await http.GetAsync("/");

        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesHaveNoInlineScriptsOrStylesForTheCspToBlock()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        foreach (var path in new[] { "/", "/account", "/accounts", "/account/devices", "/account/security", "/account/password", "/sign-in", "/sign-in/code" })
        {
            var page = await browser.GetAsync(path);
            // A JSON data block (the passkey options) is never run, so the CSP has nothing to block there.
            Assert.All(page.Document.Scripts, s => Assert.True(
                !string.IsNullOrEmpty(s.Source) || s.Type == "application/json", $"{path} has an inline script."));
            Assert.Empty(page.Document.QuerySelectorAll("style"));
            Assert.Empty(page.Document.QuerySelectorAll("[style]"));
            Assert.DoesNotMatch(InlineHandler(), page.Document.DocumentElement.OuterHtml);
        }
    }

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
