using System.ComponentModel.DataAnnotations;

namespace MultiSessionWeb.Sessions;

/// <summary>The <c>MultiSession</c> section: how many accounts one browser may hold.</summary>
public sealed class MultiSessionSettings
{
    public const string Section = "MultiSession";

    /// <summary>False: single-session mode, one account per browser.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Google's limit is 10. The upper bound keeps the client cookie one cookie under 4096 bytes.</summary>
    [Range(1, 50)]
    public int MaxAccountsPerClient { get; set; } = 10;
}

/// <summary>The <c>Sessions</c> section: how long a session lives.</summary>
public sealed class SessionLifetimeSettings
{
    public const string Section = "Sessions";

    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Off when null.</summary>
    public TimeSpan? InactivityTimeout { get; set; }
}
