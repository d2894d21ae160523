using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Bench;

/// <summary>
/// Fills the database the way years of use would: many users, each browser with a few sessions, most of
/// them long ended and some still signed in. Rows go straight in with SQL, in one transaction with
/// prepared INSERTs, because a million sign-ins through the app would take hours.
/// </summary>
public static class RowSeeder
{
    private const int SessionsPerClient = 4;
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private static readonly string[] EndedStatuses = ["Ended", "Removed", "Expired", "Revoked"];

    public static void TopUp(string databaseFile, int sessions, int users)
    {
        var started = Stopwatch.GetTimestamp();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile }.ToString());
        connection.Open();
        var random = new Random(9);
        var now = DateTime.UtcNow;

        using (var transaction = connection.BeginTransaction())
        {
            AddUsers(connection, transaction, users - Count(connection, transaction, "Users"), now);
            var userIds = ReadUserIds(connection, transaction);
            AddSessions(connection, transaction, sessions - Count(connection, transaction, "Sessions"), userIds, random, now);
            transaction.Commit();
        }

        // Leaves the write-ahead log empty, so the measurement after this does not pay for folding it back.
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        var sessionCount = Count(connection, null, "Sessions");
        var userCount = Count(connection, null, "Users");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ROWS {sessionCount} {userCount} {Stopwatch.GetElapsedTime(started).TotalSeconds:F1}"));
    }

    private static void AddUsers(SqliteConnection connection, SqliteTransaction transaction, int count, DateTime now)
    {
        if (count <= 0)
        {
            return;
        }

        // One real hash for every filler user: they never sign in, and hashing 100,000 passwords would take minutes.
        var hash = new PasswordHasher<User>().HashPassword(null!, Browser.Password);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO Users (Id, Email, NormalizedEmail, Name, Phone, PasswordHash, CreatedAt)
            VALUES ($id, $email, $normalized, $name, NULL, $hash, $created)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var email = insert.Parameters.Add("$email", SqliteType.Text);
        var normalized = insert.Parameters.Add("$normalized", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        insert.Parameters.AddWithValue("$hash", hash);
        insert.Parameters.AddWithValue("$created", now.AddDays(-400).ToString(DateFormat, CultureInfo.InvariantCulture));
        insert.Prepare();

        for (var i = 0; i < count; i++)
        {
            var userId = OpaqueId.New(OpaqueId.UserPrefix);
            var address = $"{userId}@example.com";
            id.Value = userId;
            email.Value = address;
            normalized.Value = address.ToUpperInvariant();
            name.Value = string.Create(CultureInfo.InvariantCulture, $"Filler {i}");
            insert.ExecuteNonQuery();
        }
    }

    private static void AddSessions(
        SqliteConnection connection, SqliteTransaction transaction, int count, List<string> userIds, Random random, DateTime now)
    {
        if (count <= 0)
        {
            return;
        }

        using var insertClient = connection.CreateCommand();
        insertClient.Transaction = transaction;
        insertClient.CommandText = "INSERT INTO Clients (Id, CreatedAt) VALUES ($id, $created)";
        var clientId = insertClient.Parameters.Add("$id", SqliteType.Text);
        var clientCreated = insertClient.Parameters.Add("$created", SqliteType.Text);
        insertClient.Prepare();

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO Sessions (Id, ClientId, UserId, Status, Slot, SignInMethod, CreatedAt, LastActiveAt, ExpireAt, VerifiedAt, EndedAt, EndReason, UserAgent, IpAddress)
            VALUES ($id, $client, $user, $status, $slot, 'password', $created, $lastActive, $expire, $created, $ended, $reason, 'Mozilla/5.0 (X11; Linux x86_64)', '127.0.0.1')
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var client = insert.Parameters.Add("$client", SqliteType.Text);
        var user = insert.Parameters.Add("$user", SqliteType.Text);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var slot = insert.Parameters.Add("$slot", SqliteType.Integer);
        var created = insert.Parameters.Add("$created", SqliteType.Text);
        var lastActive = insert.Parameters.Add("$lastActive", SqliteType.Text);
        var expire = insert.Parameters.Add("$expire", SqliteType.Text);
        var ended = insert.Parameters.Add("$ended", SqliteType.Text);
        var reason = insert.Parameters.Add("$reason", SqliteType.Text);
        insert.Prepare();

        for (var added = 0; added < count;)
        {
            var clientCreatedAt = now.AddMinutes(-random.Next(1, 365 * 24 * 60));
            clientId.Value = OpaqueId.New(OpaqueId.ClientPrefix);
            clientCreated.Value = Text(clientCreatedAt);
            insertClient.ExecuteNonQuery();

            // Consecutive users keep the accounts of one browser distinct, as the unique indexes demand.
            var firstUser = random.Next(userIds.Count);
            for (var s = 0; s < SessionsPerClient && added < count; s++, added++)
            {
                // About one session in eight is still signed in; the rest ended one way or another.
                var active = random.Next(8) == 0;
                var createdAt = active ? now.AddMinutes(-random.Next(1, 6 * 24 * 60)) : clientCreatedAt.AddMinutes(s);
                id.Value = OpaqueId.New(OpaqueId.SessionPrefix);
                client.Value = clientId.Value;
                user.Value = userIds[(firstUser + s) % userIds.Count];
                status.Value = active ? "Active" : EndedStatuses[random.Next(EndedStatuses.Length)];
                slot.Value = s;
                created.Value = Text(createdAt);
                lastActive.Value = Text(createdAt.AddMinutes(random.Next(60)));
                expire.Value = Text(createdAt.AddDays(7));
                ended.Value = active ? DBNull.Value : Text(createdAt.AddHours(1));
                reason.Value = active ? DBNull.Value : "signed_out";
                insert.ExecuteNonQuery();
            }
        }
    }

    private static List<string> ReadUserIds(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT Id FROM Users";
        using var reader = select.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static int Count(SqliteConnection connection, SqliteTransaction? transaction, string table)
    {
        using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Text(DateTime value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);
}
