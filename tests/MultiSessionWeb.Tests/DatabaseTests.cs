using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class DatabaseTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task TheQueryEveryRequestRunsSearchesAnIndexInsteadOfScanningTheTable()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = SessionStore.ClientSessionsQuery(db, OpaqueId.New(OpaqueId.ClientPrefix)).CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        // With a million session rows a scan costs seconds a request; the migration must create the index.
        Assert.Contains(plan, step => step.StartsWith("SEARCH s USING INDEX", StringComparison.Ordinal) && step.Contains("ClientId=?", StringComparison.Ordinal));
        // The client's secret hashes come along by its primary key, not by a scan of the clients.
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }
}
