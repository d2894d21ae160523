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

    /// <summary>
    /// An account with a password and a proved address, made outside the sign-up pages (seeding, tests).
    /// Null when the email already has an account.
    /// </summary>
    public async Task<User?> CreateAsync(string name, string email, string password, CancellationToken cancellationToken)
    {
        var normalized = NormalizeEmail(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Id = OpaqueId.New(OpaqueId.UserPrefix),
            Email = email.Trim(),
            NormalizedEmail = normalized,
            Name = name.Trim(),
            PasswordHash = "",
            EmailVerifiedAt = now,
            CreatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        return await AddAsync(user, cancellationToken);
    }

    /// <summary>
    /// An account made by a sign-in provider that verified the email, with no password: its empty hash
    /// matches nothing, so password sign-in fails. Null when the email already has an account.
    /// </summary>
    public async Task<User?> CreateWithVerifiedEmailAsync(string name, string email, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await AddAsync(new User
        {
            Id = OpaqueId.New(OpaqueId.UserPrefix),
            Email = email.Trim(),
            NormalizedEmail = NormalizeEmail(email),
            Name = name.Trim(),
            PasswordHash = "",
            EmailVerifiedAt = now,
            CreatedAt = now,
        }, cancellationToken);
    }

    /// <summary>False for an account made by a sign-in provider that never chose a password.</summary>
    public static bool HasPassword(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.PasswordHash.Length > 0;
    }

    private async Task<User?> AddAsync(User user, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// The account of a sign-up whose address was just proved. A new address becomes an account with the
    /// name and password chosen in that sign-up. An account made before the proof by someone who never
    /// proved the address (an unverified row) is taken over by the prover: its name, password and links
    /// are replaced, so nothing chosen before the proof survives it. An address that got a verified account
    /// in the meantime (a provider sign-in) keeps it as it is: the prover owns that inbox and signs in.
    /// </summary>
    public async Task<User> CreateProvedAsync(string userId, string email, string name, string passwordHash, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await FindByEmailAsync(email, cancellationToken) is { } existing)
            {
                if (existing.EmailVerifiedAt is null)
                {
                    await ClaimAsync(existing, name, passwordHash, cancellationToken);
                }

                return existing;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var created = await AddAsync(new User
            {
                Id = userId,
                Email = email.Trim(),
                NormalizedEmail = NormalizeEmail(email),
                Name = name.Trim(),
                PasswordHash = passwordHash,
                EmailVerifiedAt = now,
                CreatedAt = now,
            }, cancellationToken);
            if (created is not null || attempt > 0)
            {
                // A second clash cannot be the address (the first one made it exist): give up cleanly.
                return created ?? throw new InvalidOperationException("The proved sign-up could not be stored.");
            }

            // The same address became an account a moment ago; the unique index decided. Go on with it.
        }
    }

    /// <summary>
    /// An email code proved <paramref name="user"/>'s address. The first proof of an address that was
    /// never proved resets what was set before it — the password, the name, linked sign-ins, the phone —
    /// because whoever set them never showed they own the address. The prover can then set a password.
    /// </summary>
    public async Task ProveEmailAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.EmailVerifiedAt is null)
        {
            var email = user.Email;
            await ClaimAsync(user, email[..Math.Max(1, email.IndexOf('@', StringComparison.Ordinal))], passwordHash: "", cancellationToken);
        }
    }

    private async Task ClaimAsync(User user, string name, string passwordHash, CancellationToken cancellationToken)
    {
        await db.ExternalLogins.Where(l => l.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        user.Name = name.Trim();
        user.PasswordHash = passwordHash;
        user.PasswordChangedAt = null;
        user.Phone = null;
        user.PhoneVerifiedAt = null;
        user.MustResetPassword = false;
        user.EmailVerifiedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Checks a password for the account the email named (<paramref name="user"/>, null when none: the
    /// caller has already looked it up for the limits). An unknown email costs the same hashing as a
    /// wrong password, and both come back failed; only the user's own activity learns of the failure.
    /// </summary>
    public async Task<PasswordCheck> CheckSignInPasswordAsync(User? user, string password, CancellationToken cancellationToken)
    {
        // A password set on an address nobody proved is no one's: it signs nothing in, at the same cost.
        if (user is null or { EmailVerifiedAt: null })
        {
            hasher.VerifyHashedPassword(Placeholder, UnknownUserHash.Value, password);
            return PasswordCheck.Failed;
        }

        return new PasswordCheck(user, await CheckPasswordAsync(user, password, cancellationToken));
    }

    /// <summary>True when <paramref name="password"/> is the user's password.</summary>
    public async Task<bool> CheckPasswordAsync(User user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        switch (hasher.VerifyHashedPassword(user, user.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return true;
            case PasswordVerificationResult.SuccessRehashNeeded:
                user.PasswordHash = hasher.HashPassword(user, password);
                await db.SaveChangesAsync(cancellationToken);
                return true;
            default:
                return false;
        }
    }

    public Task<User?> FindAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);

    public Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = NormalizeEmail(email);
        return db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
    }

    /// <summary>The account that verified this E.164 number, if any.</summary>
    public Task<User?> FindByVerifiedPhoneAsync(string phone, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Phone == phone && u.PhoneVerifiedAt != null, cancellationToken);

    /// <summary>Sets the verified phone number; false when another account verified it already.</summary>
    public async Task<bool> SetVerifiedPhoneAsync(User user, string phone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await db.Users.AnyAsync(u => u.Id != user.Id && u.Phone == phone && u.PhoneVerifiedAt != null, cancellationToken))
        {
            return false;
        }

        user.Phone = phone;
        user.PhoneVerifiedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>True when an account other than <paramref name="user"/> has <paramref name="email"/>.</summary>
    public Task<bool> IsEmailTakenAsync(User user, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var normalized = NormalizeEmail(email);
        return db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedEmail == normalized, cancellationToken);
    }

    /// <summary>Gives the account a new, just-proved email address; false when another account has it.</summary>
    public async Task<bool> ChangeEmailAsync(User user, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await IsEmailTakenAsync(user, email, cancellationToken))
        {
            return false;
        }

        user.Email = email.Trim();
        user.NormalizedEmail = NormalizeEmail(email);
        user.EmailVerifiedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another account took the address a moment ago; the unique index decided.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Sets a new password; a pending reset-password task is then done.</summary>
    public async Task SetPasswordAsync(User user, string newPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.PasswordHash = hasher.HashPassword(user, newPassword);
        user.PasswordChangedAt = time.GetUtcNow().UtcDateTime;
        user.MustResetPassword = false;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Disables or enables an account. A disabled account cannot sign in.</summary>
    public async Task SetDisabledAsync(User user, bool disabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.DisabledAt = disabled ? time.GetUtcNow().UtcDateTime : null;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Flags the account: its sessions wait on the reset-password task.</summary>
    public async Task RequirePasswordResetAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.MustResetPassword = true;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Flags the account: it must have a second factor, and its sessions wait on the setup-mfa task until it has.</summary>
    public async Task RequireMfaAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.MfaRequired = true;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The person's choice: switching to this account asks to confirm it's you (<see cref="User.StepUpOnSwitch"/>).</summary>
    public async Task SetStepUpOnSwitchAsync(User user, bool on, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.StepUpOnSwitch = on;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Users for the administration page, newest first, optionally filtered by email.</summary>
    public Task<List<User>> ListAsync(string? emailContains, int take, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(emailContains))
        {
            var needle = NormalizeEmail(emailContains);
            users = users.Where(u => u.NormalizedEmail.Contains(needle));
        }

        return users.OrderByDescending(u => u.CreatedAt).Take(take).ToListAsync(cancellationToken);
    }
}

/// <summary>The outcome of a password check. <see cref="User"/> is set when the email is known, even if the password was wrong.</summary>
public sealed record PasswordCheck(User? User, bool Succeeded)
{
    public static PasswordCheck Failed { get; } = new(null, false);
}
