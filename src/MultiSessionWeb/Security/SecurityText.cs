using MultiSessionWeb.Data;

namespace MultiSessionWeb.Security;

/// <summary>Security events in words a person reads.</summary>
public static class SecurityText
{
    public static string Describe(string type, string? detail) => type switch
    {
        SecurityEventTypes.SignedIn => detail switch
        {
            SignInMethods.SignUp => "Account created and signed in",
            null => "Signed in",
            _ when detail.StartsWith(SignInMethods.ExternalPrefix, StringComparison.Ordinal) => $"Signed in with {detail[SignInMethods.ExternalPrefix.Length..]}",
            _ => $"Signed in with {detail}",
        },
        SecurityEventTypes.SignInFailed => "Failed sign-in: wrong password",
        SecurityEventTypes.PasswordSignInPaused => "Password sign-in paused after too many wrong passwords",
        SecurityEventTypes.SignedOut => detail == EndReasons.SignedOutAll ? "Signed out (all accounts on that browser)" : "Signed out",
        SecurityEventTypes.SessionRevoked => detail switch
        {
            EndReasons.SignedOutFromAnotherDevice => "A session was signed out from another device",
            EndReasons.PasswordChanged => "A session ended because the password changed",
            EndReasons.Administrator => "A session was ended by an administrator",
            EndReasons.AccountDisabled => "A session ended because the account was disabled",
            _ => "A session was ended",
        },
        SecurityEventTypes.PasswordChanged => "Password changed",
        SecurityEventTypes.EmailChanged => "Email address changed",
        SecurityEventTypes.PasswordResetRequired => "An administrator asked for a new password",
        SecurityEventTypes.AccountDisabled => "Account disabled by an administrator",
        SecurityEventTypes.AccountEnabled => "Account enabled by an administrator",
        SecurityEventTypes.ExternalLoginLinked => $"Sign-in with {detail} linked",
        SecurityEventTypes.ExternalLoginUnlinked => $"Sign-in with {detail} removed",
        SecurityEventTypes.TwoFactorEnabled => "Two-step verification turned on",
        SecurityEventTypes.TwoFactorDisabled => "Two-step verification turned off",
        SecurityEventTypes.RecoveryCodesRenewed => "New recovery codes made (the old ones stopped working)",
        SecurityEventTypes.RecoveryCodeUsed => "Signed in with a recovery code",
        SecurityEventTypes.SecondFactorFailed => "Failed sign-in: wrong verification code",
        SecurityEventTypes.MfaRequired => "An administrator asked for two-step verification",
        SecurityEventTypes.PasskeyAdded => $"Passkey \"{detail}\" added",
        SecurityEventTypes.PasskeyRemoved => $"Passkey \"{detail}\" removed",
        SecurityEventTypes.PasskeyCounterMismatch => $"Passkey \"{detail}\" refused: its counter went back, so it may have been copied",
        SecurityEventTypes.StepUpOnSwitchChanged => detail == "on"
            ? "Switching to this account now asks to confirm it's you"
            : "Switching to this account no longer asks to confirm it's you",
        SecurityEventTypes.SteppedUp => "Confirmed it's you to use this account on a browser where it was signed in",
        _ => type,
    };
}
