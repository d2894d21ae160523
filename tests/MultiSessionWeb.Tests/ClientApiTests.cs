using System.Text.Json;
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
        Assert.Equal(["id", "status", "slot", "createdAt", "lastActiveAt", "expireAt", "user"], first.EnumerateObject().Select(p => p.Name));
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
