using Microsoft.EntityFrameworkCore;

namespace MultiSessionWeb.Data;

/// <summary>
/// <see cref="AppDbContext"/> on PostgreSQL. The model is the same; the type exists so PostgreSQL gets
/// its own migrations (in <c>Data/Migrations/Postgres</c>): EF Core picks migrations by the exact
/// context type in their <c>[DbContext]</c> attribute, and SQLite's cannot run on PostgreSQL.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

