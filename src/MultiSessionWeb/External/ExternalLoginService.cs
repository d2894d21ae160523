using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;
using MultiSessionWeb.Security;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.External;

/// <summary>What the provider said about the person, read from the external principal.</summary>
public sealed record ExternalIdentity(string Provider, string Subject, string? Email, bool EmailVerified, string? Name)
{
    /// <summary>Null when the principal names no subject: nothing can be linked to it.</summary>
    public static ExternalIdentity? From(string provider, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var subject = First(principal, ClaimTypes.NameIdentifier, ExternalClaimTypes.Subject);
        if (string.IsNullOrEmpty(subject) || subject.Length > Limits.ExternalSubjectLength)
        {
            return null;
        }

        var email = First(principal, ClaimTypes.Email, ExternalClaimTypes.Email)?.Trim();
        return new ExternalIdentity(
            provider,
            subject,
            string.IsNullOrEmpty(email) || email.Length > Limits.EmailLength || !email.Contains('@', StringComparison.Ordinal) ? null : email,
            bool.TryParse(principal.FindFirst(ExternalClaimTypes.EmailVerified)?.Value, out var verified) && verified,
            First(principal, ClaimTypes.Name, ExternalClaimTypes.Name, "preferred_username"));
    }

    private static string? First(ClaimsPrincipal principal, params string[] types) =>
        types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

/// <summary>Who a provider's sign-in turns out to be.</summary>
public abstract record ExternalSignInResult
{
    private ExternalSignInResult()
    {
    }

    /// <summary>A linked, newly linked or newly created account: sign it in.</summary>
    public sealed record Account(User User) : ExternalSignInResult;

    /// <summary>
    /// A verified email of an existing account the login is not linked to: the account's owner, signed
    /// in, confirms the link on a page that names the provider account.
    /// </summary>
    public sealed record ConfirmFirst(User User) : ExternalSignInResult;

    /// <summary>The provider does not say it verified the email: it neither makes nor links an account.</summary>
    public sealed record UnverifiedEmail(string Email) : ExternalSignInResult;

    /// <summary>The provider shared no usable email, and no account is linked to its subject.</summary>
    public sealed record NoEmail : ExternalSignInResult;
}

/// <summary>A provider login waiting for an account's owner to confirm it.</summary>
public sealed record PendingLink(ExternalProvider Provider, ExternalIdentity Identity);

public enum UnlinkResult
{
    Unlinked,
    NotFound,

    /// <summary>The account has no password and this is its only provider: unlinking would lock the person out.</summary>
    LastWayIn,
}

/// <summary>Provider logins: finding the account one signs in, linking, unlinking.</summary>
public sealed class ExternalLoginService(
    AppDbContext db, UserService users, SecurityActivity activity, ExternalProviders providers, TimeProvider time, ILogger<ExternalLoginService> logger)
{
    /// <summary>
    /// The account a provider's sign-in is for. A linked subject wins; else the email decides, and only
    /// an address the provider verified counts: an unverified claim of someone's address is how an
    /// account is taken over (a pending link picked up by the owner's next password sign-in in a shared
    /// browser was exactly that). A verified new address makes a new account; a verified address of an
    /// existing account waits for that account's owner to confirm the link.
    /// </summary>
    public async Task<ExternalSignInResult> ResolveAsync(ExternalIdentity identity, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(http);
        var cancellationToken = http.RequestAborted;
        if (await FindLinkedUserAsync(identity, cancellationToken) is { } linked)
        {
            return new ExternalSignInResult.Account(linked);
        }

        if (identity.Email is null)
        {
            return new ExternalSignInResult.NoEmail();
        }

        if (!identity.EmailVerified)
        {
            // The same answer whether or not an account has the address: it tells nothing about accounts.
            return new ExternalSignInResult.UnverifiedEmail(identity.Email);
        }

        var user = await users.FindByEmailAsync(identity.Email, cancellationToken);
        if (user is null)
        {
            var name = string.IsNullOrWhiteSpace(identity.Name) ? identity.Email.Split('@')[0] : identity.Name.Trim();
            user = await users.CreateWithVerifiedEmailAsync(name[..Math.Min(name.Length, Limits.NameLength)], identity.Email, cancellationToken);
            if (user is not null)
            {
                return await LinkAsync(user, identity, http, "new account") is { } owner
                    ? new ExternalSignInResult.Account(owner)
                    : new ExternalSignInResult.NoEmail();
            }

            // A parallel sign-up took the address; the rules for an existing account apply.
            user = await users.FindByEmailAsync(identity.Email, cancellationToken);
            if (user is null)
            {
                return new ExternalSignInResult.NoEmail();
            }
        }

        Log.LinkPending(logger, identity.Provider, user.Id);
        return new ExternalSignInResult.ConfirmFirst(user);
    }

    /// <summary>
    /// The login waiting in this browser's external cookie for <paramref name="user"/> to confirm it;
    /// null when none waits for this account. Checked again at every step, so a cookie made before a
    /// rule changed, or for an address the account no longer has, links nothing.
    /// </summary>
    public async Task<PendingLink?> FindPendingAsync(HttpContext http, User user)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(user);
        var result = await http.AuthenticateAsync(ExternalDefaults.AuthenticationScheme);
        if (result is not { Succeeded: true, Principal: { } principal, Properties: { } properties }
            || !properties.Items.TryGetValue(ExternalDefaults.PendingUserItem, out var pendingUserId)
            || pendingUserId != user.Id
            || providers.Find(properties.GetString(ExternalDefaults.ProviderItem)) is not { } provider
            || ExternalIdentity.From(provider.Name, principal) is not { EmailVerified: true, Email: { } email } identity
            || UserService.NormalizeEmail(email) != user.NormalizedEmail)
        {
            return null;
        }

        return new PendingLink(provider, identity);
    }

    /// <summary>The owner said yes: links the waiting login; returns it, or null when none waits for this account.</summary>
    public async Task<PendingLink?> ConfirmPendingAsync(HttpContext http, User user)
    {
        if (await FindPendingAsync(http, user) is not { } pending)
        {
            return null;
        }

        await http.SignOutAsync(ExternalDefaults.AuthenticationScheme);
        var owner = await LinkAsync(user, pending.Identity, http, "confirmed by the owner");
        return owner?.Id == user.Id ? pending : null;
    }

    public Task<List<ExternalLogin>> ListAsync(string userId, CancellationToken cancellationToken) =>
        db.ExternalLogins.AsNoTracking().Where(l => l.UserId == userId).OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).ToListAsync(cancellationToken);

    public async Task<UnlinkResult> UnlinkAsync(User user, long loginId, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(http);
        var logins = await db.ExternalLogins.Where(l => l.UserId == user.Id).ToListAsync(http.RequestAborted);
        if (logins.SingleOrDefault(l => l.Id == loginId) is not { } login)
        {
            return UnlinkResult.NotFound;
        }

        if (logins.Count == 1 && !UserService.HasPassword(user))
        {
            return UnlinkResult.LastWayIn;
        }

        db.ExternalLogins.Remove(login);
        await db.SaveChangesAsync(http.RequestAborted);
        await activity.RecordAsync(user.Id, SecurityEventTypes.ExternalLoginUnlinked, http, login.Provider);
        Log.Unlinked(logger, login.Provider, user.Id);
        return UnlinkResult.Unlinked;
    }

    private async Task<User?> FindLinkedUserAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var link = await db.ExternalLogins.SingleOrDefaultAsync(l => l.Provider == identity.Provider && l.Subject == identity.Subject, cancellationToken);
        if (link is null)
        {
            return null;
        }

        link.LastUsedAt = time.GetUtcNow().UtcDateTime;
        link.Email = identity.Email ?? link.Email;
        await db.SaveChangesAsync(cancellationToken);
        return await users.FindAsync(link.UserId, cancellationToken);
    }

    /// <summary>The account the login is linked to once done: <paramref name="user"/>, or whoever a parallel callback linked it to first.</summary>
    private async Task<User?> LinkAsync(User user, ExternalIdentity identity, HttpContext http, string how)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.ExternalLogins.Add(new ExternalLogin
        {
            UserId = user.Id,
            Provider = identity.Provider,
            Subject = identity.Subject,
            Email = identity.Email,
            CreatedAt = now,
            LastUsedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // The unique (provider, subject) index decided a race between two callbacks.
            db.ChangeTracker.Clear();
            return await FindLinkedUserAsync(identity, http.RequestAborted);
        }

        await activity.RecordAsync(user.Id, SecurityEventTypes.ExternalLoginLinked, http, identity.Provider);
        Log.Linked(logger, identity.Provider, user.Id, how);
        return user;
    }
}
