using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.TwoFactor;

/// <summary>What checking a second-factor code found.</summary>
public enum SecondFactorCheck
{
    Accepted,
    AcceptedRecoveryCode,
    Wrong,

    /// <summary>The right code for a time step already used: a replay, or a second use of one code.</summary>
    AlreadyUsed,
}

/// <summary>
/// An account's authenticator app and recovery codes: set up, confirm, check, new codes, turn off.
/// Every check is one conditional update, so a code or a time step works once even when two requests race.
/// </summary>
public sealed class Authenticators(AppDbContext db, IDataProtectionProvider protection, TimeProvider time, ILogger<Authenticators> logger)
{
    private const string Purpose = "MultiSessionWeb.TwoFactor.Secret.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public Task<TwoFactorAuthenticator?> FindAsync(string userId, CancellationToken cancellationToken) =>
        db.TwoFactorAuthenticators.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken);

    /// <summary>
    /// The secret being set up: the one already waiting for its first code (so reloading the page keeps
    /// the QR code the person may have scanned), else a new one. Null when the app is already confirmed.
    /// </summary>
    public async Task<byte[]?> SetUpSecretAsync(string userId, CancellationToken cancellationToken)
    {
        var existing = await db.TwoFactorAuthenticators.FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (existing is { ConfirmedAt: not null })
        {
            return null;
        }

        if (existing is not null)
        {
            return Unprotect(existing.ProtectedSecret);
        }

        var secret = TotpCodes.NewSecret();
        db.TwoFactorAuthenticators.Add(new TwoFactorAuthenticator
        {
            UserId = userId,
            ProtectedSecret = Protector.Protect(Convert.ToBase64String(secret)),
            CreatedAt = Now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return secret;
        }
        catch (DbUpdateException)
        {
            // Another tab began the set-up at the same moment: show its secret.
            db.ChangeTracker.Clear();
            return await SetUpSecretAsync(userId, cancellationToken);
        }
    }

    /// <summary>The first code from the app turns it on; returns the new recovery codes, or null when the code is wrong.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(string userId, string? typed, CancellationToken cancellationToken)
    {
        var pending = await db.TwoFactorAuthenticators.AsNoTracking()
            .FirstOrDefaultAsync(a => a.UserId == userId && a.ConfirmedAt == null, cancellationToken);
        if (pending is null || SecondFactorCode.Parse(typed) is not SecondFactorCode.Totp totp ||
            TotpCodes.MatchStep(Unprotect(pending.ProtectedSecret), totp.Digits, time.GetUtcNow()) is not { } step)
        {
            return null;
        }

        var now = Now;
        var confirmed = await db.TwoFactorAuthenticators
            .Where(a => a.UserId == userId && a.ConfirmedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.ConfirmedAt, now).SetProperty(a => a.LastUsedTimeStep, step), cancellationToken);
        return confirmed == 1 ? await NewRecoveryCodesAsync(userId, cancellationToken) : null;
    }

    /// <summary>Checks a code typed as the second factor: a time step of the app, or one recovery code, each good once.</summary>
    public async Task<SecondFactorCheck> CheckAsync(string userId, string? typed, CancellationToken cancellationToken)
    {
        var authenticator = await db.TwoFactorAuthenticators.AsNoTracking()
            .FirstOrDefaultAsync(a => a.UserId == userId && a.ConfirmedAt != null, cancellationToken);
        if (authenticator is null)
        {
            return SecondFactorCheck.Wrong;
        }

        switch (SecondFactorCode.Parse(typed))
        {
            case SecondFactorCode.Totp totp:
                if (TotpCodes.MatchStep(Unprotect(authenticator.ProtectedSecret), totp.Digits, time.GetUtcNow()) is not { } step)
                {
                    return SecondFactorCheck.Wrong;
                }

                // Only a later step than the last one used: the same code seen over a shoulder, or sent
                // twice, does not sign in again — in this browser or any other (RFC 6238 §5.2).
                var used = await db.TwoFactorAuthenticators
                    .Where(a => a.UserId == userId && a.LastUsedTimeStep < step)
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastUsedTimeStep, step), cancellationToken);
                if (used == 0)
                {
                    Log.TimeStepReplayed(logger, userId, step);
                    return SecondFactorCheck.AlreadyUsed;
                }

                return SecondFactorCheck.Accepted;
            case SecondFactorCode.Recovery recovery:
                var hash = RecoveryCodes.Hash(recovery.Normalized);
                var now = Now;
                var spent = await db.RecoveryCodes
                    .Where(r => r.UserId == userId && r.Hash == hash && r.UsedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.UsedAt, now), cancellationToken);
                return spent == 1 ? SecondFactorCheck.AcceptedRecoveryCode : SecondFactorCheck.Wrong;
            default:
                return SecondFactorCheck.Wrong;
        }
    }

    /// <summary>Ten new recovery codes, shown once; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(string userId, CancellationToken cancellationToken)
    {
        var codes = Enumerable.Range(0, RecoveryCodes.Count).Select(_ => RecoveryCodes.New()).ToList();
        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RecoveryCodes.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.RecoveryCodes.AddRange(codes.Select(code => new RecoveryCode
        {
            Id = OpaqueId.New(OpaqueId.RecoveryCodePrefix),
            UserId = userId,
            Hash = RecoveryCodes.Hash(RecoveryCodes.Normalize(code)),
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return codes;
    }

    public Task<int> RecoveryCodesLeftAsync(string userId, CancellationToken cancellationToken) =>
        db.RecoveryCodes.CountAsync(r => r.UserId == userId && r.UsedAt == null, cancellationToken);

    /// <summary>Turns the second factor off: the app's secret and every recovery code are gone.</summary>
    public async Task TurnOffAsync(string userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RecoveryCodes.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.TwoFactorAuthenticators.Where(a => a.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private byte[] Unprotect(string protectedSecret) => Convert.FromBase64String(Protector.Unprotect(protectedSecret));
}
