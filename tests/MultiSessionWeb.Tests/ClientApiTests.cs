using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class ClientApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnAnonymousBrowserGetsAnEmptyClient()
    {
        using var browser = app.NewBrowser();

        var response = await browser.GetRawAsync("/api/client");

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal("""{"id":null,"lastActiveSessionId":null,"sessions":[]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASignedInBrowserGetsItsClientInClerksShape()
    {
        var (ann, bob) = (await app.CreateUserAsync("Ann Api"), await app.CreateUserAsync("Bob Api"));
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);

        using var json = JsonDocument.Parse(await (await browser.GetRawAsync("/api/client")).Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.Equal(["id", "lastActiveSessionId", "sessions"], root.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("client_", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        var sessions = root.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal(sessions[1].GetProperty("id").GetString(), root.GetProperty("lastActiveSessionId").GetString());

        var first = sessions[0];
        Assert.Equal(["id", "status", "slot", "createdAt", "lastActiveAt", "expireAt", "user", "canActAs", "factorVerificationAge"], first.EnumerateObject().Select(p => p.Name));
        // Clerk's [firstFactorAgeMinutes, secondFactorAgeMinutes]; -1: no second factor was ever proved.
        Assert.Equal("[0,-1]", first.GetProperty("factorVerificationAge").GetRawText());
        Assert.StartsWith("sess_", first.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("active", first.GetProperty("status").GetString());
        Assert.Equal(0, first.GetProperty("slot").GetInt32());
        Assert.EndsWith("Z", first.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", first.GetProperty("expireAt").GetString(), StringComparison.Ordinal);
        var user = first.GetProperty("user");
        Assert.Equal(["id", "email", "name"], user.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ann.Id, user.GetProperty("id").GetString());
        Assert.Equal(ann.Email, user.GetProperty("email").GetString());
        Assert.Equal("Ann Api", user.GetProperty("name").GetString());
    }

    [Fact]
    public async Task EachSessionSaysWhetherThisBrowserCanStillActAsIt()
    {
        var (ann, bob, cat, dan) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        foreach (var user in new[] { ann, bob, cat, dan })
        {
            await browser.SignInAsync(user);
        }

        await app.RevokeAsync(await browser.SessionIdOfAsync(bob));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SessionStore>().MarkPendingAsync(cat.Id, CancellationToken.None);
        }

        var sessions = (await browser.GetClientAsync()).Sessions.ToDictionary(s => s.User.Email);

        Assert.Equal(("active", true), (sessions[ann.Email].Status, sessions[ann.Email].CanActAs));
        Assert.Equal(("revoked", false), (sessions[bob.Email].Status, sessions[bob.Email].CanActAs));
        Assert.Equal(("pending", false), (sessions[cat.Email].Status, sessions[cat.Email].CanActAs));
        Assert.Equal(("active", true), (sessions[dan.Email].Status, sessions[dan.Email].CanActAs));
    }

    [Fact]
    public async Task IdsArePrefixedAndCarry128RandomBits()
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var client = await browser.GetClientAsync();

        foreach (var (id, prefix) in new[] { (client.Id!, "client_"), (client.Sessions[0].Id, "sess_"), (client.Sessions[0].User.Id, "user_") })
        {
            Assert.StartsWith(prefix, id, StringComparison.Ordinal);
            var bytes = Convert.FromBase64String(id[prefix.Length..].Replace('-', '+').Replace('_', '/') + "==");
            Assert.Equal(16, bytes.Length);
        }
    }
}
