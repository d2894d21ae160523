using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Passkeys;

/// <summary>The passkey rows of the accounts, and the nonces of ceremonies already used.</summary>
public sealed class PasskeyStore(AppDbContext db, TimeProvider time)
{
    public Task<List<PasskeyCredential>> ListAsync(string userId, CancellationToken cancellationToken) =>
        db.PasskeyCredentials.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);

    public Task<bool> AnyAsync(string userId, CancellationToken cancellationToken) =>
        db.PasskeyCredentials.AnyAsync(p => p.UserId == userId, cancellationToken);

    public Task<int> CountAsync(string userId, CancellationToken cancellationToken) =>
        db.PasskeyCredentials.CountAsync(p => p.UserId == userId, cancellationToken);

    public Task<PasskeyCredential?> FindAsync(byte[] credentialId, CancellationToken cancellationToken) =>
        db.PasskeyCredentials.AsNoTracking().FirstOrDefaultAsync(p => p.CredentialId == credentialId, cancellationToken);

    public Task<bool> ExistsAsync(byte[] credentialId, CancellationToken cancellationToken) =>
        db.PasskeyCredentials.AnyAsync(p => p.CredentialId == credentialId, cancellationToken);

    /// <summary>
    /// Adds the passkey unless the account already holds <see cref="Limits.PasskeysPerAccount"/> (counted
    /// again here: two tabs may have started while there was room) or the credential id is taken.
    /// </summary>
    public async Task<bool> AddAsync(PasskeyCredential passkey, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Counting alone lets two finishes at once both see 9 under PostgreSQL's read committed. An
        // update that changes nothing still takes the user row's write lock (SQLite: the database's),
        // so the second finish waits for the first to commit and then counts its passkey too.
        await db.Users.Where(u => u.Id == passkey.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.MfaRequired, u => u.MfaRequired), cancellationToken);
        if (await CountAsync(passkey.UserId, cancellationToken) >= Limits.PasskeysPerAccount)
        {
            return false;
        }

        db.PasskeyCredentials.Add(passkey);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RenameAsync(string userId, string id, string name, CancellationToken cancellationToken) =>
        await db.PasskeyCredentials.Where(p => p.UserId == userId && p.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, name), cancellationToken) == 1;

    public async Task<bool> RemoveAsync(string userId, string id, CancellationToken cancellationToken) =>
        await db.PasskeyCredentials.Where(p => p.UserId == userId && p.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;

    /// <summary>Stores what the last good assertion said: the counter only ever grows here.</summary>
    public Task UsedAsync(string id, long signCount, bool backedUp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.PasskeyCredentials.Where(p => p.Id == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.SignCount, p => p.SignCount > signCount ? p.SignCount : signCount)
                .SetProperty(p => p.IsBackedUp, backedUp)
                .SetProperty(p => p.LastUsedAt, now), cancellationToken);
    }

    /// <summary>True the first time <paramref name="nonce"/> is used, on any instance; false for a replay.</summary>
    public async Task<bool> TryUseNonceAsync(string nonce, DateTime expireAt, CancellationToken cancellationToken)
    {
        db.UsedPasskeyCeremonies.Add(new UsedPasskeyCeremony { Nonce = nonce, ExpireAt = expireAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Used nonces of states that have expired by now: a replay of those fails on the expiry alone.</summary>
    public Task<int> DeleteExpiredNoncesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.UsedPasskeyCeremonies.Where(u => u.ExpireAt < now).ExecuteDeleteAsync(cancellationToken);
    }
}
