using System.Diagnostics;
using System.Globalization;

namespace MultiSessionWeb.Bench;

/// <summary>
/// Sign-out and sign-in change the database and the cookie, so every connection needs a browser of its
/// own whose cookie follows each answer; wrk's Lua cannot tie a response to its connection, so this
/// loop does it. Each browser holds two accounts and, in every cycle, signs out of the active one and
/// signs back in to it, so the other account is never the last one.
/// </summary>
public static class SignOutSignInCycle
{
    private const int MaxCyclesPerBrowser = 100_000;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(Uri baseAddress, TimeSpan duration, int connections)
    {
        var browsers = new List<(Browser Browser, string Email)>();
        try
        {
            for (var i = 0; i < connections; i++)
            {
                var browser = new Browser(baseAddress);
                browsers.Add((browser, Email("stay", i)));
                await browser.SignUpAsync($"Stays {i}", Email("stay", i));
                await browser.SignUpAsync($"Cycles {i}", Email("cycle", i));
                browsers[i] = (browser, Email("cycle", i));
                await browser.GetPageAsync("/");
            }

            await Task.WhenAll(browsers.Select(b => LoopAsync(b.Browser, b.Email, Warmup)));
            var started = Stopwatch.GetTimestamp();
            var results = await Task.WhenAll(browsers.Select(b => LoopAsync(b.Browser, b.Email, duration)));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var times = results.SelectMany(r => r.Times).Order().ToList();
            var errors = results.Sum(r => r.Errors);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT {times.Count} {seconds:F3} {Percentile(times, 0.50):F1} {Percentile(times, 0.99):F1} {errors} 0"));
        }
        finally
        {
            foreach (var (browser, _) in browsers)
            {
                browser.Dispose();
            }
        }
    }

    private static async Task<(List<double> Times, int Errors)> LoopAsync(Browser browser, string email, TimeSpan duration)
    {
        var times = new List<double>();
        var errors = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && times.Count + errors < MaxCyclesPerBrowser)
        {
            var start = Stopwatch.GetTimestamp();
            using var signOut = await browser.PostRawAsync("/accounts/sign-out", ("ReturnUrl", "/"));
            using var signIn = await browser.PostRawAsync("/sign-in", ("Email", email), ("Password", Browser.Password), ("ReturnUrl", "/"));
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (IsRedirect(signOut) && IsRedirect(signIn) && signIn.Headers.Location?.OriginalString == "/")
            {
                times.Add(elapsed.TotalMicroseconds);
            }
            else
            {
                errors++;
            }
        }

        return (times, errors);
    }

    private static bool IsRedirect(HttpResponseMessage response) => (int)response.StatusCode is >= 300 and < 400;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Email(string kind, int i) => string.Create(CultureInfo.InvariantCulture, $"{kind}-{i}@example.com");
}
