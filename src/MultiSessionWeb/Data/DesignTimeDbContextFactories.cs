using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MultiSessionWeb.Data;

// `dotnet ef` builds each provider's model from these, without a database or the app's settings:
// adding a migration and checking for pending model changes never open a connection.
// Both exist on purpose: EF Core also offers a derived context's factory for its base type, so
// without the SQLite one `--context AppDbContext` would get the PostgreSQL model.

/// <summary>SQLite: migrations in <c>Data/Migrations</c>.</summary>
internal sealed class SqliteAppDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=multisessionweb.db").Options);
}

/// <summary>PostgreSQL: migrations in <c>Data/Migrations/Postgres</c>.</summary>
internal sealed class PostgresAppDbContextFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=multisessionweb").Options);
}
