using Npgsql;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests may use, named by <c>MSW_TEST_POSTGRES</c> (a connection string for a
/// user that may create databases). <c>.ci/postgres start</c> starts a throwaway one and sets it.
/// Each test class gets a database of its own, made here and dropped when the class is done.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "MSW_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>In CI the PostgreSQL tests must run: a missing server is a failure there, not a skip.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SkipReason =>
        $"{Variable} is not set, so there is no PostgreSQL server to test against. Start one with: eval \"$(.ci/postgres start)\"";

    public static string RequireConnectionString() => ConnectionString ?? throw new InvalidOperationException(
        $"{Variable} is not set, and CI=true: the PostgreSQL tests must run in CI. .ci/run starts a server with .ci/postgres and sets it.");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(RequireConnectionString()) { Database = database }.ToString();

    /// <summary>A new, empty database with a random name; the app creates its tables by migrating at start-up.</summary>
    public static string CreateDatabase()
    {
        var name = $"msw_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE \"{name}\"");
        return name;
    }

    public static void DropDatabase(string name) =>
        // FORCE ends the connections the app's pool still holds open.
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    /// <summary>The 6-digit code in the newest message the app put in its development mailbox for <paramref name="to"/>.</summary>
    public static async Task<string> LatestCodeAsync(string database, string to)
    {
        // The app sends mail from a background queue: wait for the first message to arrive.
        for (var attempt = 0; ; attempt++)
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT \"Body\" FROM \"DevMessages\" WHERE \"To\" = $1 ORDER BY \"Id\" DESC LIMIT 1", connection);
            command.Parameters.AddWithValue(to);
            if (await command.ExecuteScalarAsync() is string body)
            {
                return System.Text.RegularExpressions.Regex.Match(body, @"\b[0-9]{6}\b").Value;
            }

            Assert.True(attempt < 300, $"No message to {to} within 30 seconds.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The backend pids of the app instances' connections that listen for session changes, once at
    /// least <paramref name="count"/> listen (and none of <paramref name="except"/>): until then an
    /// instance keeps no cache, so a test of the cache waits for this first.
    /// </summary>
    public static async Task<IReadOnlyList<int>> ListenersAsync(string database, int count = 1, string? applicationName = null, IReadOnlyCollection<int>? except = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE $2 AND state = 'idle' AND query LIKE 'LISTEN%'", connection);
            command.Parameters.AddWithValue(database);
            command.Parameters.AddWithValue(applicationName ?? "msw-client-changes%");
            var pids = new List<int>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    pids.Add(reader.GetInt32(0));
                }
            }

            pids.RemoveAll(p => except?.Contains(p) == true);
            if (pids.Count >= count)
            {
                return pids;
            }

            Assert.True(attempt < 300, $"Fewer than {count} instances listened for session changes within 30 seconds.");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs SQL on <paramref name="database"/> as an operator would, past the app.</summary>
    public static async Task ExecuteAsync(string database, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL on the server's own database, e.g. to act on a test database from outside it.</summary>
    public static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(RequireConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// A test that needs PostgreSQL. Skipped, with the reason, when no server is configured on a developer
/// machine; run (and so failed, with the reason) when CI=true.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.ConnectionString is null && !PostgresServer.Required)
        {
            Skip = PostgresServer.SkipReason;
        }
    }
}
