using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.1.2.3";

    [Fact]
    public async Task AConfiguredProxyForwardsTheClientAddressAndHttps()
    {
        var (ip, cookie) = await SignInThroughProxyAsync(("ForwardedHeaders:KnownProxies:0", Proxy));

        Assert.Equal("203.0.113.7", ip);
        Assert.StartsWith(CookieNames.Client + "=", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProxyInAConfiguredNetworkIsBelievedToo()
    {
        var (ip, _) = await SignInThroughProxyAsync(("ForwardedHeaders:KnownNetworks:0", "10.1.0.0/16"));

        Assert.Equal("203.0.113.7", ip);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.9.9.9")]
    public async Task ForwardedHeadersFromAnyoneElseAreIgnored(string? knownProxy)
    {
        var (ip, cookie) = await SignInThroughProxyAsync(knownProxy is null ? [] : [("ForwardedHeaders:KnownProxies:0", knownProxy)]);

        Assert.Equal(Proxy, ip);
        Assert.StartsWith(CookieNames.ClientOverHttp + "=", cookie, StringComparison.Ordinal);
    }

    /// <summary>Signs in over plain HTTP from <see cref="Proxy"/>, which says the client is 203.0.113.7 on HTTPS.</summary>
    private static async Task<(string? Ip, string Cookie)> SignInThroughProxyAsync(params (string Key, string Value)[] settings)
    {
        using var app = new AppFactory();
        foreach (var (key, value) in settings)
        {
            app.ExtraSettings[key] = value;
        }

        using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new FromPeer(IPAddress.Parse(Proxy)))));
        var user = await app.CreateUserAsync();
        // Cookies by hand: a cookie jar would keep Secure cookies from a request it sent over http.
        using var http = host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/"), AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var form = await http.GetAsync("/sign-in");
        var page = await Page.LoadAsync(form);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in") { Content = Html.ContentOf(page.Form("/sign-in"), Scenarios.Credentials(user)) };
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));

        var response = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = host.Services.CreateAsyncScope();
        var ip = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sessions
            .Where(s => s.UserId == user.Id).Select(s => s.IpAddress).SingleAsync();
        return (ip, response.Headers.GetValues("Set-Cookie").Single(c => c.Contains(CookieNames.ClientOverHttp, StringComparison.Ordinal)));
    }

    /// <summary>The test server has no network peer; this one plays the proxy the request came through.</summary>
    private sealed class FromPeer(IPAddress peer) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = peer;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
