namespace MultiSessionWeb.Sessions;

/// <summary>Settings section "Mfa": read here because a pending session's task (setup-mfa or reset-password) follows from it.</summary>
public sealed class MfaSettings
{
    public const string Section = "Mfa";

    /// <summary>Every account must have a second factor: a session of one without waits on the setup-mfa task.</summary>
    public bool Required { get; set; }

    /// <summary>
    /// Switching to an account that asks for it (and to any administrator) needs the account's second
    /// factor again once the last proof on its session is older than this.
    /// </summary>
    public TimeSpan StepUpOnSwitchAfter { get; set; } = TimeSpan.FromMinutes(15);
}
