using System.Globalization;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// Meters are found by name process-wide, so another app running in parallel would add its sign-ins
/// to these counts: this collection runs alone.
/// </summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class RunsAlone;

[Collection(nameof(MetricsTests))]
public sealed class MetricsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task MetricsShowSignInsSwitchesSignOutsAndAccountsPerBrowser()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        var before = await ScrapeAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann with { Password = "not the password" });
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await browser.SignInAsync(cat);
        await browser.SwitchToAsync(ann);
        await browser.SwitchToAsync(bob);
        await browser.SignOutOfAsync(cat);

        var after = await ScrapeAsync();

        Assert.Equal(3, after.Value("msw_sign_ins_total", ("method", "password"), ("outcome", "signed_in")) - before.Value("msw_sign_ins_total", ("method", "password"), ("outcome", "signed_in")));
        Assert.Equal(1, after.Value("msw_sign_ins_total", ("method", "password"), ("outcome", "invalid_credentials")) - before.Value("msw_sign_ins_total", ("method", "password"), ("outcome", "invalid_credentials")));
        Assert.Equal(2, after.Value("msw_switches_total") - before.Value("msw_switches_total"));
        Assert.Equal(1, after.Value("msw_sign_outs_total", ("scope", "one")) - before.Value("msw_sign_outs_total", ("scope", "one")));
        // The browser held 1, 2 and then 3 accounts after its sign-ins.
        Assert.Equal(3, after.Value("msw_browser_accounts_count") - before.Value("msw_browser_accounts_count"));
        Assert.Equal(6, after.Value("msw_browser_accounts_sum") - before.Value("msw_browser_accounts_sum"));
        Assert.Equal(2, after.Value("msw_browser_accounts_bucket", ("le", "2")) - before.Value("msw_browser_accounts_bucket", ("le", "2")));
        // Ann and Bob are still signed in; the gauge reads the database.
        Assert.Equal(2, after.Value("msw_sessions_active"));
    }

    private async Task<Scrape> ScrapeAsync()
    {
        using var http = app.CreateClient();
        var response = await http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Prometheus text format: <c>name{label="value",…} number</c>, one sample a line.</summary>
    private sealed record Scrape(string Text)
    {
        /// <summary>The sample with this name and these labels (others may be present), or 0 when there is none yet.</summary>
        public double Value(string name, params (string Label, string Value)[] labels)
        {
            var samples = Text.Split('\n')
                .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                .Where(line => labels.All(l => line.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
                .ToList();
            Assert.True(samples.Count <= 1, $"More than one sample matches {name} {string.Join(",", labels)}:\n{Text}");
            if (samples.Count == 0)
            {
                return 0;
            }

            // The value is the first field after the labels; a timestamp may follow it.
            var line = samples[0];
            var rest = line[(line.Contains('{', StringComparison.Ordinal) ? line.LastIndexOf('}') + 1 : name.Length)..].Trim();
            return double.Parse(rest.Split(' ')[0], CultureInfo.InvariantCulture);
        }
    }
}
