using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Users;

/// <summary>Which second factors an account has.</summary>
public sealed class SecondFactors(AppDbContext db)
{
    /// <summary>A confirmed authenticator app: what the second sign-in step asks a code of.</summary>
    public Task<bool> HasAuthenticatorAsync(string userId, CancellationToken cancellationToken) =>
        db.TwoFactorAuthenticators.AnyAsync(a => a.UserId == userId && a.ConfirmedAt != null, cancellationToken);

    /// <summary>
    /// An authenticator app or a passkey (which proves both factors at once): what the setup-mfa task
    /// asks an account to have. A passkey alone adds no code step to a password sign-in.
    /// </summary>
    public async Task<bool> HasAnyAsync(string userId, CancellationToken cancellationToken) =>
        await HasAuthenticatorAsync(userId, cancellationToken)
        || await db.PasskeyCredentials.AnyAsync(p => p.UserId == userId, cancellationToken);
}
