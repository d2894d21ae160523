using System.ComponentModel.DataAnnotations;

namespace MultiSessionWeb.Sessions;

/// <summary>The <c>MultiSession</c> section: how many accounts one browser may hold.</summary>
public sealed class AccountLimitsSettings
{
    public const string Section = "MultiSession";

    /// <summary>False: single-session mode, one account per browser.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Google's limit is 10. The upper bound keeps the client cookie one cookie under 4096 bytes.</summary>
    [Range(1, 50)]
    public int MaxAccountsPerClient { get; set; } = 10;
}

/// <summary>The <c>Sessions</c> section: how long a session lives and how long its record is kept.</summary>
public sealed class SessionSettings
{
    public const string Section = "Sessions";

    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Off when null.</summary>
    public TimeSpan? InactivityTimeout { get; set; }

    /// <summary>How long a re-entered password counts for sensitive actions (ASVS 7.5.2).</summary>
    public TimeSpan ReverificationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Ended sessions are deleted this long after they ended.</summary>
    public TimeSpan RetainEndedFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Security activity (sign-ins, failures, ends, changes) is deleted this long after it happened.</summary>
    public TimeSpan RetainSecurityEventsFor { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How often the cleanup runs.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many browsers' session lists are kept in memory (<see cref="ClientSessionCache"/>); 0 turns
    /// the cache off and every request reads the database.
    /// </summary>
    [Range(0, 10_000_000)]
    public int ClientCacheSize { get; set; } = 100_000;

    /// <summary>
    /// How long a browser's kept session list is used, counted from when it was read: the bound on how
    /// long a change made outside the app (an operator's SQL, a lost notification) goes unseen.
    /// </summary>
    public TimeSpan ClientCacheMaxAge { get; set; } = TimeSpan.FromSeconds(30);
}
