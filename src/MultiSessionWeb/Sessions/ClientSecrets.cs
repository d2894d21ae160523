using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// The records' side of the client secret: a sign-in renews it, and every request's cookie is judged
/// against it (<see cref="Standing"/>).
/// </summary>
public sealed class ClientSecrets(AppDbContext db, TimeProvider time, ClientChanges changes, ILogger<ClientSecrets> logger)
{
    /// <summary>
    /// How long after a sign-in renewed a browser's secret a sign-in that still carries the secret
    /// before it counts as one that was already on its way: another tab posted it before the first
    /// tab's response (with the new cookie) had reached the browser. One network round trip and the
    /// rest of the first response fit easily; a copy of the cookie used later starts a browser of its own.
    /// </summary>
    public static readonly TimeSpan SignInOverlap = TimeSpan.FromSeconds(2);

    // Bounds the retries when several instances race for the same browser's record.
    private const int MaxRaces = 20;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The client a sign-in adds its session to, and the secret the browser's cookie carries from now
    /// on. A cookie with the client's current secret (or a browser's first sign-in) renews the secret.
    /// A cookie with the secret from just before, on a request that arrived while that renewal was under
    /// way, is another tab of the same browser: it is handed the current secret without renewing it
    /// again, so whichever of the two responses the browser keeps, it proves the current secret. Any
    /// other cookie is a copy taken before a sign-in, and starts a client of its own.
    /// </summary>
    public async Task<(string ClientId, byte[] Secret)> RenewAsync(
        string clientId, byte[] presented, DateTime requestStartedAt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = Now;
            var next = ClientSecret.New();
            var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clientId, cancellationToken);
            if (client is null)
            {
                db.Clients.Add(new Client
                {
                    Id = clientId,
                    CreatedAt = now,
                    SecretHash = ClientSecret.Hash(next),
                    PreviousSecretHash = ClientSecret.Hash(presented),
                    SealedSecret = ClientSecret.Seal(next, presented),
                    SecretRotatedAt = now,
                });
                try
                {
                    await changes.CommitAsync([clientId], () => db.SaveChangesAsync(cancellationToken), cancellationToken);
                    return (clientId, next);
                }
                catch (DbUpdateException) when (attempt < MaxRaces)
                {
                    // Another instance made this browser's first sign-in a moment ago; look again.
                    db.ChangeTracker.Clear();
                    continue;
                }
            }

            if (client.SecretHash is null || ClientSecret.Matches(presented, client.SecretHash))
            {
                var expected = client.SecretHash;
                var renewed = await changes.CommitAsync([clientId], () => db.Clients
                    .Where(c => c.Id == clientId && c.SecretHash == expected)
                    .ExecuteUpdateAsync(
                        set => set
                            .SetProperty(c => c.SecretHash, ClientSecret.Hash(next))
                            .SetProperty(c => c.PreviousSecretHash, ClientSecret.Hash(presented))
                            .SetProperty(c => c.SealedSecret, ClientSecret.Seal(next, presented))
                            .SetProperty(c => c.SecretRotatedAt, now),
                        cancellationToken), cancellationToken);
                if (renewed == 1 || attempt >= MaxRaces)
                {
                    return renewed == 1 ? (clientId, next) : await NewClientAsync();
                }

                // Another instance renewed it between the read and the write; look again.
                continue;
            }

            if (ClientSecret.Matches(presented, client.PreviousSecretHash)
                && client.SealedSecret is { Length: ClientSecret.ByteLength } sealedSecret
                && requestStartedAt <= client.SecretRotatedAt + SignInOverlap)
            {
                var current = ClientSecret.Unseal(sealedSecret, presented);
                if (ClientSecret.Matches(current, client.SecretHash))
                {
                    return (clientId, current);
                }
            }

            Log.StaleCookieSignedIn(logger, clientId);
            return await NewClientAsync();
        }

        async Task<(string, byte[])> NewClientAsync()
        {
            var fresh = OpaqueId.New(OpaqueId.ClientPrefix);
            var secret = ClientSecret.New();
            db.Clients.Add(new Client { Id = fresh, CreatedAt = Now, SecretHash = ClientSecret.Hash(secret), SecretRotatedAt = Now });
            await db.SaveChangesAsync(cancellationToken);
            return (fresh, secret);
        }
    }

    /// <summary>How a cookie that presents <paramref name="presented"/> stands against the client's records.</summary>
    public static CookieStanding Standing(ClientRecords records, byte[] presented, DateTime requestStartedAt)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Sessions.Count == 0 || ClientSecret.Matches(presented, records.Secret?.Current) ? CookieStanding.Current
            : ClientSecret.Matches(presented, records.Secret?.Previous) && requestStartedAt <= records.Secret!.RotatedAt + SignInOverlap
                ? CookieStanding.Previous
            : CookieStanding.Stale;
    }
}
