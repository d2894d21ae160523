using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>Broken passkey answers and states on every passkey route: a page that says so, never a 500.</summary>
public sealed class PasskeyBadInputTests
{
    private static readonly string[] BadCredentials =
    [
        "", "null", "{}", "[]", "{\"id\":1}", "\"text\"", "{\"id\":\"!!\",\"rawId\":\"%%%\",\"type\":\"public-key\",\"response\":{}}",
        "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"nope\",\"response\":{\"clientDataJSON\":\"AAAA\"}}",
        "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"AAAA\",\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\",\"attestationObject\":\"AAAA\"}}",
        new string('x', 20 * 1024),
    ];

    private static readonly string[] BadStates = ["", "not-sealed", "CfDJ8" + new string('A', 200), new string('y', 20 * 1024)];

    public static TheoryData<string> Routes => new() { "/sign-in/passkey", "/account/passkeys/add", "/account/passkeys/confirm" };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task BrokenAnswersAndStatesGetAPageWithAMessage(string route)
    {
        using var app = PasskeyTests.NewApp();
        var ann = await app.CreateUserAsync();
        using var key = await PasskeyTests.RegisteredKeyAsync(app, ann);
        using var browser = app.NewBrowser();
        if (route != "/sign-in/passkey")
        {
            await browser.SignInAsync(ann);
            app.Time.Advance(TimeSpan.FromMinutes(11)); // so the passkeys page offers "Confirm with a passkey"
        }

        foreach (var credential in BadCredentials)
        {
            foreach (var state in BadStates.Prepend(null))
            {
                var page = await browser.GetAsync(route == "/sign-in/passkey" ? "/sign-in" : "/account/passkeys");
                var form = page.Document.Forms.First(f => (f.GetAttribute("action") ?? "").Contains(route, StringComparison.Ordinal));
                var values = new Dictionary<string, string> { ["Credential"] = credential };
                if (state is not null)
                {
                    values["PasskeyState"] = state;
                }

                var response = await browser.SubmitAsync(page, form, values);
                var answer = await Page.LoadAsync(response);

                Assert.True((int)response.StatusCode < 500, $"{route} with {Describe(credential)} / {Describe(state)}: {(int)response.StatusCode}");
                Assert.DoesNotContain("Exception", answer.Text, StringComparison.Ordinal);
                Assert.True(answer.Document.QuerySelector(".form-error li") is not null,
                    $"{route} with {Describe(credential)} / {Describe(state)} showed no message: {answer.Text[..Math.Min(300, answer.Text.Length)]}");
            }
        }
    }

    [Fact]
    public async Task RenameAndRemoveOfNoSuchPasskeyOrABadNameSayWhy()
    {
        using var app = PasskeyTests.NewApp();
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        using var key = PasskeyTests.NewKey();
        var list = await PasskeyTests.AddPasskeyAsync(browser, key);

        foreach (var (form, values, message) in new (string, Dictionary<string, string>, string)[]
        {
            ("/account/passkeys/rename", new() { ["Name"] = "" }, "Enter a name for the passkey."),
            ("/account/passkeys/rename", new() { ["Name"] = new string('n', 65) }, "A passkey name has at most 64 characters."),
            ("/account/passkeys/rename", new() { ["PasskeyId"] = "pk_nope", ["Name"] = "Laptop" }, "That passkey is not on this account any more."),
            ("/account/passkeys/remove", new() { ["Remove.PasskeyId"] = "pk_nope" }, "That passkey is not on this account any more."),
            ("/account/passkeys/remove", new() { ["Remove.PasskeyId"] = new string('z', 5000) }, "Choose which passkey to remove."),
        })
        {
            var response = await browser.SubmitAsync(list, list.Form(form), values);
            var page = await Page.LoadAsync(response);
            Assert.True((int)response.StatusCode < 500, $"{form}: {(int)response.StatusCode}");
            Assert.Contains(message, page.Text, StringComparison.Ordinal);
        }
    }

    private static string Describe(string? value) => value is null ? "(as sealed)" : value.Length > 40 ? $"{value[..40]}… ({value.Length})" : $"\"{value}\"";
}
