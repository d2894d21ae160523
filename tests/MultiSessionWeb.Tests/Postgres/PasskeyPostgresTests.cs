using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Tests.Infrastructure.Stories;

namespace MultiSessionWeb.Tests.Postgres;

/// <summary>Passkeys on PostgreSQL, whose read committed lets two transactions count the same rows.</summary>
public sealed class PasskeyPostgresTests
{
    [PostgresFact]
    public async Task ParallelFinishesNeverMakeMoreThanTenPasskeys()
    {
        using var app = new PostgresAppFactory { ExtraSettings = { ["Passkeys:Origins:0"] = "https://localhost" } };
        await PasskeyStories.ParallelFinishesNeverMakeMoreThanTenPasskeysAsync(app);
    }
}
