using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.TwoFactor;

/// <summary>Whether an account has a second factor: a confirmed authenticator app.</summary>
public sealed class SecondFactors(AppDbContext db)
{
    public Task<bool> HasAnyAsync(string userId, CancellationToken cancellationToken) =>
        db.TwoFactorAuthenticators.AnyAsync(a => a.UserId == userId && a.ConfirmedAt != null, cancellationToken);
}
