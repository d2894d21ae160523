using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>One browser: one cookie jar, redirects followed by hand so tests can see them.</summary>
public sealed class Browser : IDisposable
{
    public static readonly Uri BaseAddress = new("https://localhost/");

    private static int s_count;

    public Browser(AppFactory factory)
    {
        Http = factory.CreateDefaultClient(BaseAddress, new CookieContainerHandler(Cookies));
        var n = Interlocked.Increment(ref s_count);
        RemoteAddress = $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
        Http.DefaultRequestHeaders.Add(RemoteAddressFromHeader.Header, RemoteAddress);
    }

    /// <summary>The address the app sees this browser come from.</summary>
    public string RemoteAddress { get; }

    /// <summary>A browser talking to a running app over real HTTP. Browsers that share <paramref name="cookies"/> are one browser.</summary>
    public Browser(Uri baseAddress, CookieContainer cookies)
    {
        Cookies = cookies;
        Http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        RemoteAddress = "127.0.0.1";
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>The client cookie's value as the browser holds it, or null.</summary>
    public string? ClientCookie => Cookies.GetCookies(BaseAddress)[CookieNames.Client]?.Value;

    /// <summary>Puts a client cookie in the jar, as a browser does with a <c>Set-Cookie</c> (or a copy someone planted).</summary>
    public void SetClientCookie(string value) =>
        Cookies.Add(BaseAddress, new Cookie(CookieNames.Client, value) { Secure = true, HttpOnly = true, Path = "/" });

    /// <summary>The client cookie a response sets, or null when it leaves the cookie alone.</summary>
    public static string? ClientCookieSetBy(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(CookieNames.Client + "=", StringComparison.Ordinal))
            : null;
        return header?[(CookieNames.Client + "=").Length..].Split(';')[0];
    }

    public Task<HttpResponseMessage> GetRawAsync(string url) => Http.GetAsync(url);

    /// <summary>GETs a page and follows its redirects, as a browser would.</summary>
    public async Task<Page> GetAsync(string url) => await FollowAsync(await Http.GetAsync(url));

    public async Task<Page> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; IsRedirect(response.StatusCode); hops++)
        {
            Assert.True(hops < 10, "Too many redirects.");
            var location = response.Headers.Location!;
            Assert.False(location.IsAbsoluteUri && location.Host != BaseAddress.Host, $"Redirected off-site to {location}.");
            response = await Http.GetAsync(location);
        }

        return await Page.LoadAsync(response);
    }

    /// <summary>Submits a form of <paramref name="page"/> with its real antiforgery token; the response is not followed.</summary>
    public Task<HttpResponseMessage> SubmitAsync(Page page, IHtmlFormElement form, IReadOnlyDictionary<string, string>? values = null) =>
        Http.PostAsync(Html.ActionOf(page, form), Html.ContentOf(form, values));

    public async Task<Page> SubmitAndFollowAsync(Page page, IHtmlFormElement form, IReadOnlyDictionary<string, string>? values = null) =>
        await FollowAsync(await SubmitAsync(page, form, values));

    public async Task<ClientJson> GetClientAsync()
    {
        var client = await Http.GetFromJsonAsync<ClientJson>("/api/client");
        return client!;
    }

    public void Dispose() => Http.Dispose();

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;
}

public sealed record ClientJson(string? Id, string? LastActiveSessionId, List<SessionJson> Sessions);

public sealed record SessionJson(
    string Id, string Status, int Slot, DateTime CreatedAt, DateTime LastActiveAt, DateTime ExpireAt, UserJson User, bool CanActAs,
    List<int>? FactorVerificationAge = null, SessionTaskJson? CurrentTask = null);

public sealed record SessionTaskJson(string Key);

public sealed record UserJson(string Id, string Email, string Name);
