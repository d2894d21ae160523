using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MultiSessionWeb.Tests.Oidc;

/// <summary>
/// The npm <c>oidc-provider</c> (see provider.mjs) in a Node process on a loopback port: started,
/// waited for until its discovery document answers, killed when done.
/// </summary>
public sealed class NodeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "msw-client";
    public const string ClientSecret = "msw-secret";

    private Process? _process;

    private NodeOidcProvider(int port) => Port = port;

    public int Port { get; }

    public string Authority => $"http://127.0.0.1:{Port}";

    /// <summary>The folder of provider.mjs and its package.json, next to the test project's sources.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>What keeps these tests from running here, or null when Node and the npm packages are in place.</summary>
    public static string? Missing { get; } = FindMissing();

    /// <summary>A port for a provider that is not started yet, e.g. one that is down when the button is clicked.</summary>
    public static NodeOidcProvider OnFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new NodeOidcProvider(((IPEndPoint)listener.LocalEndpoint).Port);
    }

    public async Task StartAsync(string redirectUri, bool selectAccount = false, string? issuer = null)
    {
        if (Missing is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        var start = new ProcessStartInfo("node", "provider.mjs")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["REDIRECT_URI"] = redirectUri,
                ["CLIENT_ID"] = ClientId,
                ["CLIENT_SECRET"] = ClientSecret,
                ["SELECT_ACCOUNT"] = selectAccount ? "1" : "0",
                ["ISSUER"] = issuer ?? "",
            },
        };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.StartsWith("ready ", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }
        };
        _process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("node exited: " + string.Join('\n', output)));
        _process.EnableRaisingEvents = true;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var http = new HttpClient();
        var discovery = await http.GetAsync(new Uri($"{Authority}/.well-known/openid-configuration"));
        discovery.EnsureSuccessStatusCode();
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "MultiSessionWeb.Tests", "Oidc");
            if (File.Exists(Path.Combine(candidate, "provider.mjs")))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "Oidc");
    }

    private static string? FindMissing()
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", "oidc-provider", "package.json")))
        {
            return $"The npm package oidc-provider is not installed in {Folder}. Run: npm ci --prefix {Folder}";
        }

        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            node?.WaitForExit();
            return node is { ExitCode: 0 } ? null : "node --version failed. Install Node.js 20 or later.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not on the PATH. Install Node.js 20 or later.";
        }
    }
}

/// <summary>
/// A test against the Node provider. Skipped, with the reason, on a machine without Node or the npm
/// packages; run (and so failed, with the reason) when CI=true.
/// </summary>
public sealed class NodeOidcFactAttribute : FactAttribute
{
    public NodeOidcFactAttribute()
    {
        if (NodeOidcProvider.Missing is { } missing
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = missing;
        }
    }
}
