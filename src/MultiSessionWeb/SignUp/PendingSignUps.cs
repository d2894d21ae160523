using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.SignUp;

/// <summary>
/// A sign-up whose address is not proved yet. It is no account: nothing is stored for it but the code
/// row. The name and password hash travel in the browser that filled in the form, sealed by Data
/// Protection, and the code is issued for the id the account will get — so the code only completes the
/// sign-up it was sent for, and whoever proves the address gets their own choices, never someone else's.
/// </summary>
public sealed record PendingSignUp(string UserId, string Email, string Name, string PasswordHash, DateTime ExpireAt);

public sealed class PendingSignUps(IDataProtectionProvider protection, IPasswordHasher<User> hasher, TimeProvider time)
{
    // Fixed forever: changing it makes every sign-up in progress fail once.
    private const string Purpose = "MultiSessionWeb.SignUp.PendingSignUp.v1";

    // Long enough to ask for the code again a few times; the code itself is valid for much less.
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    /// <summary>
    /// Hashes the password and seals the sign-up. Done the same way whether or not the address already
    /// has an account, so neither the time nor the page tells which.
    /// </summary>
    public (PendingSignUp SignUp, string Sealed) Start(string name, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(email);
        var userId = OpaqueId.New(OpaqueId.UserPrefix);
        var now = time.GetUtcNow().UtcDateTime;
        var hash = hasher.HashPassword(
            new User { Id = userId, Email = email, NormalizedEmail = "", Name = name, PasswordHash = "", CreatedAt = now }, password);
        var signUp = new PendingSignUp(userId, email, name.Trim(), hash, now + Lifetime);
        return (signUp, Protector.Protect(JsonSerializer.Serialize(signUp)));
    }

    /// <summary>The sign-up sealed in <paramref name="sealedSignUp"/>, or null when it is altered, from another key ring or too old.</summary>
    public PendingSignUp? Read(string? sealedSignUp)
    {
        if (string.IsNullOrEmpty(sealedSignUp) || sealedSignUp.Length > 4096)
        {
            return null;
        }

        try
        {
            var signUp = JsonSerializer.Deserialize<PendingSignUp>(Protector.Unprotect(sealedSignUp));
            return signUp is not null && signUp.ExpireAt > time.GetUtcNow().UtcDateTime ? signUp : null;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}
