using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Bench;

/// <summary>
/// The per-request session check: one browser with ten accounts, in a database of <see cref="Rows"/>
/// session rows that belong to other browsers. A fresh context per operation, as each request's scope has.
/// Read from the database (every request with PostgreSQL; the first after a change with SQLite) and
/// from <see cref="ClientSessionCache"/> (every other request with SQLite).
/// </summary>
[BenchmarkCategory("session-check")]
public class SessionCheckBenchmarks
{
    private static readonly Dictionary<int, string> Databases = [];

    private DbContextOptions<AppDbContext> options = null!;
    private ClientCookie cookie = null!;
    private string protectedValue = null!;
    private SecureDataFormat<ClientCookie> format = null!;
    private ClientSessionCache uncached = null!;
    private ClientSessionCache cached = null!;

    [Params(1_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!Databases.TryGetValue(Rows, out var file))
        {
            var folder = Directory.CreateTempSubdirectory("msw-micro-").FullName;
            file = Path.Combine(folder, "msw.db");
            Databases[Rows] = file;

            // Kept for every benchmark of this process (seeding a million rows twice would double the run), removed at its end.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
            Create(file);
        }

        options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={file}").Options;
        using var db = new AppDbContext(options);
        var sessions = db.Sessions.AsNoTracking().Where(s => s.ClientId == BenchClientId).OrderBy(s => s.Slot).ToList();
        cookie = new ClientCookie(
            BenchClientId, BenchSecret, [.. sessions.Select(s => new SessionTicket(s.Id, s.Slot))], sessions[0].Id);
        var protector = new EphemeralDataProtectionProvider().CreateProtector(MultiSessionDefaults.DataProtectionPurpose);
        format = new SecureDataFormat<ClientCookie>(ClientCookieSerializer.Default, protector);
        protectedValue = format.Protect(cookie);

        uncached = NewCache(size: 0);
        cached = NewCache(size: 1000);
        using var warm = new AppDbContext(options);
        NewStore(warm, cached).LoadClientAsync(Credential(cookie), cookie.ActiveSessionId, DateTime.UtcNow, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        uncached.Dispose();
        cached.Dispose();
    }

    private static string BenchClientId { get; } = OpaqueId.New(OpaqueId.ClientPrefix);

    private static byte[] BenchSecret { get; } = ClientSecret.New();

    /// <summary>The query and the expiry check that <see cref="MultiSessionHandler"/> runs for every request.</summary>
    [Benchmark]
    public Task<ClientView> LoadClient() => Load(cookie, uncached);

    /// <summary>The whole account check: read the cookie, then load its client.</summary>
    [Benchmark]
    public Task<ClientView> ReadCookieAndLoadClient() => Load(format.Unprotect(protectedValue)!, uncached);

    [Benchmark]
    public Task<ClientView> LoadClientFromCache() => Load(cookie, cached);

    [Benchmark]
    public Task<ClientView> ReadCookieAndLoadClientFromCache() => Load(format.Unprotect(protectedValue)!, cached);

    private async Task<ClientView> Load(ClientCookie read, ClientSessionCache cache)
    {
        await using var db = new AppDbContext(options);
        return await NewStore(db, cache).LoadClientAsync(Credential(read), read.ActiveSessionId, DateTime.UtcNow, CancellationToken.None);
    }

    private static ClientCredential Credential(ClientCookie read) =>
        new(read.ClientId, read.Secret, [.. read.Tickets.Select(t => t.SessionId)]);

    private static ClientSessionCache NewCache(int size) =>
        new(Options.Create(new SessionSettings { ClientCacheSize = size }), TimeProvider.System);

    private static SessionStore NewStore(AppDbContext db, ClientSessionCache cache) => new(
        db,
        TimeProvider.System,
        cache,
        new ClientChanges(db, cache),
        Options.Create(new AccountLimitsSettings()),
        Options.Create(new SessionSettings()),
        Options.Create(new MfaSettings()),
        NullLogger<SessionStore>.Instance);

    private void Create(string file)
    {
        var create = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={file}").Options;
        using (var db = new AppDbContext(create))
        {
            db.Database.Migrate();
            var now = DateTime.UtcNow;
            db.Clients.Add(new Client { Id = BenchClientId, CreatedAt = now, SecretHash = ClientSecret.Hash(BenchSecret), SecretRotatedAt = now });
            for (var slot = 0; slot < Browsers.MostAccounts; slot++)
            {
                var user = new User
                {
                    Id = OpaqueId.New(OpaqueId.UserPrefix),
                    Email = Browsers.Email(slot),
                    NormalizedEmail = Browsers.Email(slot).ToUpperInvariant(),
                    Name = string.Create(CultureInfo.InvariantCulture, $"Bench User {slot}"),
                    PasswordHash = "-",
                    CreatedAt = now,
                };
                db.Users.Add(user);
                db.Sessions.Add(new Session
                {
                    Id = OpaqueId.New(OpaqueId.SessionPrefix),
                    ClientId = BenchClientId,
                    UserId = user.Id,
                    Status = SessionStatus.Active,
                    Slot = slot,
                    SignInMethod = "password",
                    CreatedAt = now,
                    LastActiveAt = now,
                    ExpireAt = now.AddDays(7),
                    VerifiedAt = now,
                });
            }

            db.SaveChanges();
        }

        RowSeeder.TopUp(file, Rows, Math.Max(Rows / 10, 100));
    }
}
