using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Bench;

/// <summary>
/// Asks SQLite how it runs the query every request makes, built by EF Core from the app's own model so
/// the SQL and the indexes are the app's. The query mirrors <c>SessionService.LoadClientAsync</c>.
/// </summary>
public static class QueryPlan
{
    public static void Print(string databaseFile)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={databaseFile}").Options;
        using var db = new AppDbContext(options);
        var clientId = OpaqueId.New(OpaqueId.ClientPrefix);
        var query = db.Sessions
            .AsNoTracking()
            .Where(s => s.ClientId == clientId && s.Status == SessionStatus.Active)
            .OrderBy(s => s.Slot)
            .Select(s => new { s.Id, s.Slot, s.Status, s.CreatedAt, s.LastActiveAt, s.ExpireAt, s.User!.Email, s.User.Name });

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
