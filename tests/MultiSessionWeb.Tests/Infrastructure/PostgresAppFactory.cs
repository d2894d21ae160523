namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>
/// <see cref="AppFactory"/> with <c>Database:Provider=Postgres</c> on a database of its own, created
/// empty (the app migrates it at start-up) and dropped on dispose.
/// </summary>
public sealed class PostgresAppFactory : AppFactory
{
    private readonly bool _ownsDatabase;

    public PostgresAppFactory()
        // Without a server the class's tests are skipped (see PostgresFactAttribute) and this stays unused.
        : this(PostgresServer.ConnectionString is null && !PostgresServer.Required ? null : PostgresServer.CreateDatabase(), ownsDatabase: true)
    {
    }

    private PostgresAppFactory(string? database, bool ownsDatabase) => (Database, _ownsDatabase) = (database, ownsDatabase);

    public string? Database { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => Database is null ? base.Settings : new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Default"] = PostgresServer.ConnectionStringFor(Database),
    };

    /// <summary>Another app on the same database and key ring, as after a restart; it leaves the database in place.</summary>
    public PostgresAppFactory Restarted() => new(Database, ownsDatabase: false);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase && Database is not null)
        {
            PostgresServer.DropDatabase(Database);
        }
    }
}
