namespace MultiSessionWeb.Codes;

/// <summary>The <c>Codes</c> section: how one-time codes live and how often they may be sent.</summary>
public sealed class CodeSettings
{
    public const string Section = "Codes";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong entries after which a code is dead.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxSendsPerIdentifierPerHour { get; set; } = 5;

    public int MaxSendsPerAddressPer15Minutes { get; set; } = 20;
}
