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

    /// <summary>A fresh browser profile: its own cookies, its own tabs; with <paramref name="javaScript"/> off, as some people browse.</summary>
    public Task<IBrowserContext> NewBrowserAsync(int width = 1280, int height = 800, bool javaScript = true) =>
        _chromium!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = RootUri.ToString(),
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
    public KestrelAppFactory() => UseKestrel(0);

    public Uri StartAndGetAddress()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.First());
    }
}

[CollectionDefinition(Name)]
public sealed class SharedChromium : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
