namespace MultiSessionWeb.Data;

/// <summary>A person's account.</summary>
public sealed class User
{
    public required string Id { get; init; }

    /// <summary>The email as the person typed it, for display.</summary>
    public required string Email { get; set; }

    /// <summary>The email as compared: trimmed and upper-cased, unique.</summary>
    public required string NormalizedEmail { get; set; }

    public required string Name { get; set; }

    /// <summary>E.164, e.g. +4915123456789; usable for sign-in once verified.</summary>
    public string? Phone { get; set; }

    public DateTime? PhoneVerifiedAt { get; set; }

    /// <summary>Null until the person entered the code sent to the address; an unverified account cannot sign in.</summary>
    public DateTime? EmailVerifiedAt { get; set; }

    public required string PasswordHash { get; set; }

    public required DateTime CreatedAt { get; init; }

    public DateTime? PasswordChangedAt { get; set; }

    /// <summary>Set by an administrator: every session waits on the reset-password task (Clerk's <c>pending</c>).</summary>
    public bool MustResetPassword { get; set; }

    /// <summary>Set by an administrator: the account's sessions wait on the setup-mfa task until it has a second factor.</summary>
    public bool MfaRequired { get; set; }

    /// <summary>
    /// Set by the person: switching to this account in a browser where it is already signed in asks for
    /// its second factor again after <c>Mfa:StepUpOnSwitchAfter</c>. Always so for administrators.
    /// </summary>
    public bool StepUpOnSwitch { get; set; }

    /// <summary>A disabled account cannot sign in and holds no sessions.</summary>
    public DateTime? DisabledAt { get; set; }
}
