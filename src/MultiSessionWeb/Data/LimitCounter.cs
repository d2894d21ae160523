namespace MultiSessionWeb.Data;

/// <summary>
/// How many attempts one key made in one fixed window, for the rate limits that several instances
/// must count together: one row per kind, key and window, raised by one upsert per attempt.
/// </summary>
public sealed class LimitCounter
{
    /// <summary>Which limit counts here: a rate-limiting policy, or the per-identifier limit.</summary>
    public required string Kind { get; init; }

    /// <summary>What is counted: a client address, a normalized email or phone number, optionally with the browser that asked.</summary>
    public required string Key { get; init; }

    public required DateTime WindowStart { get; init; }

    /// <summary>When the window closes; the cleanup deletes the rows of closed windows.</summary>
    public required DateTime WindowEnd { get; init; }

    public int Count { get; set; }
}
