using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>The app on a real Kestrel port and one headless Debian Chromium, shared by the browser tests.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _chromium;

    public KestrelAppFactory App { get; } = new();

    public Uri RootUri { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ChromiumPath}. Install it with: apt-get install -y chromium");
        }

        RootUri = App.StartAndGetAddress();
        _playwright = await Playwright.CreateAsync();
        _chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>The browser itself, for tests that serve an app of their own.</summary>
    public IBrowser Chromium => _chromium ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>
    /// The same app reached as <c>localhost</c>: browsers refuse an IP address as a passkey's relying
    /// party, so the passkey tests browse this address (Kestrel still listens on 127.0.0.1).
    /// </summary>
    public Uri LocalhostUri => new UriBuilder(RootUri) { Host = "localhost" }.Uri;

    /// <summary>A fresh browser profile: its own cookies, its own tabs; with <paramref name="javaScript"/> off, as some people browse.</summary>
    public Task<IBrowserContext> NewBrowserAsync(int width = 1280, int height = 800, bool javaScript = true, bool localhost = false) =>
        _chromium!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (localhost ? LocalhostUri : RootUri).ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
        });

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class KestrelAppFactory : AppFactory
{
    public KestrelAppFactory()
    {
        // The port is chosen before start-up, so the passkey origin (validated at start-up) can name it.
        var port = FreePort();
        UseKestrel(port);
        ExtraSettings["Passkeys:Origins:0"] = $"http://localhost:{port}";
    }

    public Uri StartAndGetAddress()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.First());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SharedChromium : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
