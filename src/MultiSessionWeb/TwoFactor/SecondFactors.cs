using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.TwoFactor;

/// <summary>Whether an account has a second factor: a confirmed authenticator app, or a passkey (which proves both factors).</summary>
public sealed class SecondFactors(AppDbContext db)
{
    public async Task<bool> HasAnyAsync(string userId, CancellationToken cancellationToken) =>
        await db.TwoFactorAuthenticators.AnyAsync(a => a.UserId == userId && a.ConfirmedAt != null, cancellationToken)
        || await db.PasskeyCredentials.AnyAsync(p => p.UserId == userId, cancellationToken);
}
