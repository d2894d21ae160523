using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MultiSessionWeb.Bench;

/// <summary>
/// Signs 1, 5 and 10 accounts into three browsers through the real forms and writes what wrk needs to
/// act as those browsers: their Cookie headers, a form token, and the two sessions a switch moves between.
/// </summary>
public static class Browsers
{
    public const int MostAccounts = 10;

    public static async Task PrepareAsync(Uri baseAddress, string envFile)
    {
        using var ten = new Browser(baseAddress);
        for (var i = 0; i < MostAccounts; i++)
        {
            await ten.SignUpAsync($"Bench User {i}", Email(i));
        }

        var sessions = await SessionIdsBySlotAsync(ten);
        var first = sessions[0];
        var last = sessions[MostAccounts - 1];

        // Signed up last, so active: a switch from here goes to the first account, and back from the other cookie.
        await ExpectSignedInAsync(ten, MostAccounts);
        var activeLast = ten.CookieHeader;
        await ten.PostAsync("/accounts/switch", ("SessionId", first), ("ReturnUrl", "/"));
        await ExpectSignedInAsync(ten, MostAccounts);
        var activeFirst = ten.CookieHeader;

        using var five = await SignInAsync(baseAddress, 5);
        using var one = await SignInAsync(baseAddress, 1);

        var env = new StringBuilder();
        Export(env, "BENCH_COOKIE_1", one.CookieHeader);
        Export(env, "BENCH_COOKIE_5", five.CookieHeader);
        Export(env, "BENCH_COOKIE_10", activeFirst);
        Export(env, "BENCH_SWITCH_COOKIE_A", activeLast);
        Export(env, "BENCH_SWITCH_TO_A", first);
        Export(env, "BENCH_SWITCH_COOKIE_B", activeFirst);
        Export(env, "BENCH_SWITCH_TO_B", last);
        Export(env, "BENCH_TOKEN_10", ten.Token!);
        await File.WriteAllTextAsync(envFile, env.ToString());

        foreach (var (accounts, browser) in new[] { (1, one), (5, five), (10, ten) })
        {
            PrintSize(accounts, browser);
        }
    }

    public static string Email(int i) => string.Create(CultureInfo.InvariantCulture, $"bench-{i}@example.com");

    private static async Task<Browser> SignInAsync(Uri baseAddress, int accounts)
    {
        var browser = new Browser(baseAddress);
        for (var i = 0; i < accounts; i++)
        {
            await browser.SignInAsync(Email(i));
        }

        await ExpectSignedInAsync(browser, accounts);
        return browser;
    }

    /// <summary>Fetches home as the browser and checks it is signed in with that many accounts, so wrk measures what it claims to.</summary>
    private static async Task ExpectSignedInAsync(Browser browser, int accounts)
    {
        var html = await browser.GetPageAsync("/");
        var count = (await SessionIdsBySlotAsync(browser)).Count;
        if (!html.Contains("Hello, ", StringComparison.Ordinal) || count != accounts)
        {
            throw new InvalidOperationException($"Expected a signed-in page with {accounts} accounts, found {count}.");
        }
    }

    private static async Task<List<string>> SessionIdsBySlotAsync(Browser browser)
    {
        using var json = JsonDocument.Parse(await browser.GetStringAsync("/api/client"));
        return [.. json.RootElement.GetProperty("sessions").EnumerateArray()
            .OrderBy(s => s.GetProperty("slot").GetInt32())
            .Select(s => s.GetProperty("id").GetString()!)];
    }

    /// <summary>
    /// The client cookie as a browser stores and sends it (name=value) over HTTP and over HTTPS, where
    /// its name carries <c>__Host-</c>, and the whole request wrk sends for a signed-in page.
    /// </summary>
    private static void PrintSize(int accounts, Browser browser)
    {
        var value = browser.ClientCookie!;
        var http = "msw.client=".Length + value.Length;
        var https = "__Host-msw.client=".Length + value.Length;
        var cookieHeader = browser.CookieHeader;
        var request = $"GET / HTTP/1.1\r\nHost: {browser.BaseAddress.Authority}\r\nCookie: {cookieHeader}\r\n\r\n";
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"SIZE {accounts} {http} {https} {cookieHeader.Length} {Encoding.ASCII.GetByteCount(request)}"));
    }

    private static void Export(StringBuilder env, string name, string value)
    {
        if (value.Contains('\'', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{name} has a quote in it.");
        }

        env.Append(CultureInfo.InvariantCulture, $"export {name}='{value}'\n");
    }
}
