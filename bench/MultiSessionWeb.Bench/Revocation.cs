using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace MultiSessionWeb.Bench;

/// <summary>
/// How long a session signed out on instance A keeps working on instance B, which had the browser's
/// sessions cached. Each sample signs a second account in on A, lets B cache the browser with a copy of
/// the cookie that keeps that account's ticket, signs the account out on A and asks B again and again
/// until it no longer lists the session. The delay runs from A's answer to the sign-out (the commit,
/// and so the notification, happened before it) to B's first answer without the session.
/// </summary>
public static class Revocation
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(Uri a, Uri b, int samples)
    {
        using var viaA = new Browser(a);
        await viaA.SignInAsync(Browsers.Email(0));
        var delays = new List<double>();
        var polls = new List<int>();
        for (var i = 0; i < samples; i++)
        {
            await viaA.SignInAsync(Browsers.Email(1));
            var sessionId = (await ListedAsync(viaA)).Last();
            using var viaB = new Browser(b);
            viaB.Cookies.Add(b, new Cookie("msw.client", viaA.ClientCookie));
            // B may still hold the list from before this sign-in until its notification arrives.
            var listing = Stopwatch.GetTimestamp();
            while (!(await ListedAsync(viaB)).Contains(sessionId))
            {
                if (Stopwatch.GetElapsedTime(listing) > GiveUpAfter)
                {
                    throw new InvalidOperationException("B does not list the session A signed in.");
                }
            }

            await viaA.GetPageAsync("/accounts");
            await viaA.PostAsync("/accounts/sign-out", ("SessionId", sessionId), ("ReturnUrl", "/"));
            var signedOut = Stopwatch.GetTimestamp();
            var asked = 0;
            while ((await ListedAsync(viaB)).Contains(sessionId))
            {
                asked++;
                if (Stopwatch.GetElapsedTime(signedOut) > GiveUpAfter)
                {
                    throw new InvalidOperationException($"B still lists a session A signed out {GiveUpAfter.TotalSeconds} s ago.");
                }
            }

            delays.Add(Stopwatch.GetElapsedTime(signedOut).TotalMilliseconds);
            polls.Add(asked);
        }

        delays.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"REVOCATION {delays.Count} {Percentile(delays, 0.50):F2} {Percentile(delays, 0.99):F2} {delays[^1]:F2} {polls.Count(p => p > 0)}"));
    }

    private static async Task<List<string>> ListedAsync(Browser browser)
    {
        using var json = JsonDocument.Parse(await browser.GetStringAsync("/api/client"));
        return [.. json.RootElement.GetProperty("sessions").EnumerateArray()
            .Where(s => s.GetProperty("status").GetString() == "active")
            .Select(s => s.GetProperty("id").GetString()!)];
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
