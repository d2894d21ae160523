namespace MultiSessionWeb.TwoFactor;

/// <summary>Settings section "Mfa".</summary>
public sealed class MfaSettings
{
    public const string Section = "Mfa";

    /// <summary>Every account must have a second factor: a session of one without waits on the setup-mfa task.</summary>
    public bool Required { get; set; }
}
