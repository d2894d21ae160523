using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MultiSessionWeb.Data;

public static class DatabaseExtensions
{
    private const string ProviderKey = "Database:Provider";

    /// <summary>True when the records live in PostgreSQL, which several instances may share.</summary>
    public static bool UsesPostgres(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.Equals(configuration[ProviderKey], "Postgres", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Registers <see cref="AppDbContext"/> on the configured database (SQLite by default, or PostgreSQL).</summary>
    public static IHostApplicationBuilder AddAppDatabase(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[ProviderKey] ?? "Sqlite";
        if (builder.Configuration.UsesPostgres())
        {
            // Everything asks for AppDbContext (services, the Data Protection key ring) and gets the
            // PostgreSQL one, which carries PostgreSQL's own migrations. No retrying execution
            // strategy: sign-in runs its own transaction and retries slot races itself.
            builder.Services.AddDbContextPool<AppDbContext, PostgresAppDbContext>((services, options) =>
                options.UseNpgsql(services.GetRequiredService<IConfiguration>().GetConnectionString("Default")
                    ?? throw new InvalidOperationException("ConnectionStrings:Default is not set.")));
            return builder;
        }

        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use 'Sqlite' or 'Postgres'.");
        }

        var contentRoot = builder.Environment.ContentRootPath;

        // Pooled: every request makes a context to check its sessions, and a pooled one skips most of
        // that set-up. The options are built once, when the first context is asked for.
        builder.Services.AddDbContextPool<AppDbContext>((services, options) =>
        {
            // Read when the first context is made, so settings added after Program.cs ran (tests) count.
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString("Default")
                ?? throw new InvalidOperationException("ConnectionStrings:Default is not set.");
            options.UseSqlite(SqliteConnectionString(connectionString, contentRoot));
        });
        return builder;
    }

    /// <summary>Creates or upgrades the database before the app takes requests.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.GetDbConnection() is SqliteConnection { DataSource: var file } && !string.IsNullOrEmpty(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        }

        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // WAL lets page views read while a sign-in writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>
    /// Resolves a relative file against the content root, so <c>dotnet run</c> from any folder uses
    /// the same database, and gives writers a busy timeout instead of failing at once on a lock.
    /// </summary>
    internal static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        if (!inMemory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
        }

        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            // Microsoft.Data.Sqlite retries a busy database until the command timeout runs out.
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}
