namespace MultiSessionWeb.Data;

/// <summary>Clerk's session task keys: what a pending session must do before it counts as signed in.</summary>
public static class SessionTasks
{
    public const string ResetPassword = "reset-password";
    public const string SetupMfa = "setup-mfa";
}
