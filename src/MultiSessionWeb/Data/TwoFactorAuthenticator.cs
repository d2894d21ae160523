namespace MultiSessionWeb.Data;

/// <summary>An account's authenticator app (TOTP, RFC 6238): one per account.</summary>
public sealed class TwoFactorAuthenticator
{
    public required string UserId { get; init; }

    /// <summary>The shared secret, protected with Data Protection: a database dump alone cannot make codes.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>Null while being set up: it counts as a second factor only once a code from the app confirmed it.</summary>
    public DateTime? ConfirmedAt { get; set; }

    /// <summary>The last time step a code was accepted for; a step is accepted once (RFC 6238 §5.2).</summary>
    public long LastUsedTimeStep { get; set; }

    public required DateTime CreatedAt { get; set; }
}
