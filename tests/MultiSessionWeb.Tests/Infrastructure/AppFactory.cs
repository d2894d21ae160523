using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Data;
using MultiSessionWeb.Maintenance;
using MultiSessionWeb.Messaging;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>
/// The app as tests see it: its own SQLite database file (a file, not memory, so parallel requests get
/// their own connections and the locking is the one production has), a clock tests can move, HTTPS.
/// </summary>
public partial class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), "msw-tests", $"{Guid.NewGuid():N}.db");

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Settings a derived factory wants, e.g. a lower account cap.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Settings one test wants: <c>new AppFactory { ExtraSettings = { ["Sessions:InactivityTimeout"] = "00:30:00" } }</c>.</summary>
    public Dictionary<string, string?> ExtraSettings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databaseFile)!);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={_databaseFile}");

        // Every test browser signs in many times a minute; the tests of the limits set them low again.
        builder.UseSetting("RateLimits:SignInPerAddressPerMinute", "100000");
        builder.UseSetting("RateLimits:SignUpPerAddressPerHour", "100000");
        builder.UseSetting("RateLimits:CodeSendPerAddressPerMinute", "100000");
        builder.UseSetting("RateLimits:CodeVerifyPerAddressPerMinute", "100000");
        builder.UseSetting("RateLimits:PerIdentifierPerMinute", "100000");
        foreach (var (key, value) in Settings.Concat(ExtraSettings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>();
        });
    }

    public Browser NewBrowser() => new(this);

    /// <summary>A user made straight in the database; tests then sign in as a person would.</summary>
    public async Task<TestUser> CreateUserAsync(string? name = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return await CreateUserAsync(new TestUser(name ?? $"Person {id}", $"person.{id}@example.test", $"pass-{id}-word"));
    }

    public async Task<TestUser> CreateUserAsync(TestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        var created = await users.CreateAsync(user.Name, user.Email, user.Password, CancellationToken.None);
        Assert.NotNull(created);
        return user with { Id = created.Id };
    }

    /// <summary>
    /// Reads the database once every queued message has been sent: mail leaves the request through a
    /// background queue, so a test that looks in the mailbox (or finds it empty) waits for that first.
    /// </summary>
    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await MessagesSentAsync();
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Waits until the outgoing message queue is empty and nothing is being sent.</summary>
    public async Task MessagesSentAsync()
    {
        var outgoing = Services.GetRequiredService<OutgoingMessages>();
        for (var waited = TimeSpan.Zero; outgoing.Pending > 0; waited += TimeSpan.FromMilliseconds(10))
        {
            Assert.True(waited < TimeSpan.FromSeconds(30), "Queued messages were not sent within 30 seconds.");
            await Task.Delay(10);
        }
    }

    /// <summary>Ends a session from elsewhere, as another device or an administrator would.</summary>
    public async Task RevokeAsync(string sessionId)
    {
        await using var scope = Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<BrowserSessions>().RevokeAsync(http: null, sessionId, "administrator"));
    }

    public async Task<CleanupResult> CleanUpAsync(int batchSize)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Retention>().CleanUpSessionsAsync(batchSize, CancellationToken.None);
    }

    /// <summary>The 6-digit code in the newest message to <paramref name="to"/> in the development mailbox.</summary>
    public async Task<string> LatestCodeForAsync(string to)
    {
        var body = await QueryAsync(db => db.DevMessages.Where(m => m.To == to).OrderByDescending(m => m.Id).Select(m => m.Body).FirstAsync());
        return SixDigits().Match(body).Value;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[0-9]{6}\b")]
    private static partial System.Text.RegularExpressions.Regex SixDigits();

    public Task<Session> GetSessionAsync(string sessionId) =>
        QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == sessionId));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>
/// The in-memory test server has no client address; each test browser names its own in a header, so
/// per-address limits and the devices list see one address per browser.
/// </summary>
internal sealed class RemoteAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers[Header], out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

public sealed record TestUser(string Name, string Email, string Password)
{
    public string Id { get; init; } = "";
}
