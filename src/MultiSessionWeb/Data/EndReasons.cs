namespace MultiSessionWeb.Data;

/// <summary>Why a session ended, as stored in <c>Sessions.EndReason</c> and shown in security activity.</summary>
public static class EndReasons
{
    public const string SignedOut = "signed-out";
    public const string SignedOutAll = "signed-out-all";
    public const string Lifetime = "max-lifetime";
    public const string Inactivity = "inactivity";
    public const string SignedOutFromAnotherDevice = "signed-out-from-another-device";
    public const string PasswordChanged = "password-changed";
    public const string Administrator = "administrator";
    public const string AccountDisabled = "account-disabled";
    public const string SignedInAgain = "signed-in-again";
    public const string ReplacedBySignIn = "replaced-by-sign-in";
}
