namespace MultiSessionWeb.Data;

/// <summary>One entry of a user's security activity: sign-ins, failures, sign-outs, revocations, changes.</summary>
public sealed class SecurityEvent
{
    public long Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>One of <see cref="SecurityEventTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>How: the sign-in method, or why a session ended.</summary>
    public string? Detail { get; init; }

    public string? SessionId { get; init; }

    public string? UserAgent { get; init; }

    public string? IpAddress { get; init; }

    public required DateTime OccurredAt { get; init; }
}

public static class SecurityEventTypes
{
    public const string SignedIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string PasswordSignInPaused = "password-sign-in-paused";
    public const string SignedOut = "sign-out";
    public const string SessionRevoked = "session-revoked";
    public const string PasswordChanged = "password-changed";
    public const string EmailChanged = "email-changed";
    public const string PasswordResetRequired = "password-reset-required";
    public const string AccountDisabled = "account-disabled";
    public const string AccountEnabled = "account-enabled";
    public const string ExternalLoginLinked = "external-login-linked";
    public const string ExternalLoginUnlinked = "external-login-unlinked";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorDisabled = "two-factor-disabled";
    public const string RecoveryCodesRenewed = "recovery-codes-renewed";
    public const string RecoveryCodeUsed = "recovery-code-used";
    public const string SecondFactorFailed = "second-factor-failed";
    public const string MfaRequired = "mfa-required";
    public const string PasskeyAdded = "passkey-added";
    public const string PasskeyRemoved = "passkey-removed";
    public const string PasskeyCounterMismatch = "passkey-counter-mismatch";
    public const string StepUpOnSwitchChanged = "step-up-on-switch-changed";
    public const string SteppedUp = "stepped-up";
}
