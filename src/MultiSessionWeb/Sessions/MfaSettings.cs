namespace MultiSessionWeb.Sessions;

/// <summary>Settings section "Mfa": read here because a pending session's task (setup-mfa or reset-password) follows from it.</summary>
public sealed class MfaSettings
{
    public const string Section = "Mfa";

    /// <summary>Every account must have a second factor: a session of one without waits on the setup-mfa task.</summary>
    public bool Required { get; set; }
}
