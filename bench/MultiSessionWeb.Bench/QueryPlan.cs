using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Bench;

/// <summary>
/// Asks SQLite how it runs the query every request makes, built by EF Core from the app's own model so
/// the SQL and the indexes are the app's. The query is <c>SessionStore.ClientSessionsQuery</c> itself.
/// </summary>
public static class QueryPlan
{
    public static void Print(string databaseFile)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={databaseFile}").Options;
        using var db = new AppDbContext(options);
        var clientId = OpaqueId.New(OpaqueId.ClientPrefix);
        var query = SessionStore.ClientSessionsQuery(db, clientId);

        db.Database.OpenConnection();
        using var command = query.CreateDbCommand();
        Console.WriteLine(command.CommandText.ReplaceLineEndings(" "));
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            Console.WriteLine("PLAN " + reader.GetString(3));
        }
    }
}
