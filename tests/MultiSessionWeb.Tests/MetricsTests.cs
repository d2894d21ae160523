using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Tests.Infrastructure;
using OpenTelemetry.Exporter;

namespace MultiSessionWeb.Tests;

/// <summary>
/// Meters are found by name process-wide, so another app running in parallel would add its sign-ins
/// to these counts: this collection runs alone.
/// </summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class RunsAlone;

[Collection(nameof(MetricsTests))]
public sealed class MetricsTests(MetricsTests.TokenAppFactory app) : IClassFixture<MetricsTests.TokenAppFactory>
{
    public const string Token = "a-scraper-token-of-at-least-32-characters";

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
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new("Bearer", Token);
        var response = await http.SendAsync(request);
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

    /// <summary>The app with a scraper token, as a deployment without a management port runs it.</summary>
    public sealed class TokenAppFactory : AppFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } =
            new Dictionary<string, string?> { ["Metrics:Token"] = Token };

        // The exporter answers a scrape from a copy up to 300 ms old; a scenario that runs faster than
        // that would read its "after" as its "before".
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
                services.Configure<PrometheusAspNetCoreOptions>(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        }
    }
}

/// <summary>Who may read <c>/metrics</c>. Separate from <see cref="MetricsTests"/>, whose counts another app host would disturb.</summary>
public sealed class MetricsAccessTests(MetricsTests.TokenAppFactory app) : IClassFixture<MetricsTests.TokenAppFactory>
{
    private const string Token = MetricsTests.Token;

    [Fact]
    public async Task MetricsAreServedToNobodyUntilConfigured()
    {
        using var plain = new AppFactory();
        using var http = plain.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-wrong-token-wrong-token-wrong")]
    [InlineData("Basic " + Token)]
    [InlineData(Token)]
    public async Task WithATokenMetricsNeedIt(string? authorization)
    {
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("msw_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAManagementPortMetricsAreServedThereOnly()
    {
        var (appPort, metricsPort) = (FreePort(), FreePort());
        using var factory = new PortAppFactory(appPort, metricsPort);
        factory.StartServer();
        using var http = new HttpClient();

        var onAppPort = await http.GetAsync(new Uri($"http://127.0.0.1:{appPort}/metrics"));
        // The Host header says nothing: only the port the connection came in on counts.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{appPort}/metrics"));
        spoofed.Headers.Host = $"127.0.0.1:{metricsPort}";
        var withSpoofedHost = await http.SendAsync(spoofed);
        var onMetricsPort = await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));

        Assert.Equal(HttpStatusCode.NotFound, onAppPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withSpoofedHost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onMetricsPort.StatusCode);
        Assert.StartsWith("text/plain", onMetricsPort.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public void ATokenTooShortToResistGuessingStopsTheStart()
    {
        using var factory = new AppFactory { ExtraSettings = { ["Metrics:Token"] = "short" } };

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Metrics:Token must be at least 32 characters", error.ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The app on a real Kestrel with two ports, as a deployment with a management port runs it.</summary>
    private sealed class PortAppFactory : AppFactory
    {
        public PortAppFactory(int appPort, int metricsPort)
        {
            ExtraSettings["Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture);
            UseKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, appPort);
                kestrel.Listen(IPAddress.Loopback, metricsPort);
            });
        }
    }
}
