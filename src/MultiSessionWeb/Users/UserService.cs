using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Users;

/// <summary>Accounts: creating them and checking their passwords.</summary>
public sealed class UserService(AppDbContext db, IPasswordHasher<User> hasher, TimeProvider time)
{
    private static readonly User Placeholder = new()
    {
        Id = "user_placeholder",
        Email = "",
        NormalizedEmail = "",
        Name = "",
        PasswordHash = "",
        CreatedAt = DateTime.UnixEpoch,
    };

    // Verified against when the email is unknown, so both failures cost the same time.
    private static readonly Lazy<string> UnknownUserHash = new(() =>
        new PasswordHasher<User>().HashPassword(Placeholder, Guid.NewGuid().ToString()));

    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToUpperInvariant();
    }

    /// <summary>The new user, or null when the email already has an account.</summary>
    public async Task<User?> CreateAsync(string name, string email, string password, CancellationToken cancellationToken)
    {
        var normalized = NormalizeEmail(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            return null;
        }

        var user = new User
        {
            Id = OpaqueId.New(OpaqueId.UserPrefix),
            Email = email.Trim(),
            NormalizedEmail = normalized,
            Name = name.Trim(),
            PasswordHash = "",
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return user;
        }
        catch (DbUpdateException)
        {
            // The same email signed up in a parallel request; the unique index decided.
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>The user when the email and password match, else null — the same answer and cost for an unknown email.</summary>
    public async Task<User?> FindByPasswordAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = NormalizeEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(Placeholder, UnknownUserHash.Value, password);
            return null;
        }

        switch (hasher.VerifyHashedPassword(user, user.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return user;
            case PasswordVerificationResult.SuccessRehashNeeded:
                user.PasswordHash = hasher.HashPassword(user, password);
                await db.SaveChangesAsync(cancellationToken);
                return user;
            default:
                return null;
        }
    }
}
