namespace MultiSessionWeb.Codes;

/// <summary>The <c>Codes</c> section: how one-time codes live and how often they may be sent.</summary>
public sealed class CodeSettings
{
    public const string Section = "Codes";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong entries after which a code is dead.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Codes one requester (a browser that signed in to the account before, else a client address) may ask for one email or number.</summary>
    public int MaxSendsPerRequesterPerHour { get; set; } = 5;

    /// <summary>Codes all other requesters together may ask for one email or number: what keeps its inbox from being flooded.</summary>
    public int MaxSendsPerDestinationPerHour { get; set; } = 20;

    public int MaxSendsPerAddressPer15Minutes { get; set; } = 20;
}
