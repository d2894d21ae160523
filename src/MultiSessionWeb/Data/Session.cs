namespace MultiSessionWeb.Data;

/// <summary>One user signed in on one client.</summary>
public sealed class Session
{
    public required string Id { get; init; }

    public required string ClientId { get; init; }

    public required string UserId { get; init; }

    public User? User { get; init; }

    public required SessionStatus Status { get; set; }

    /// <summary>Kept for the session's whole life; the <c>/u/{slot}/</c> URL of this account on its client.</summary>
    public required int Slot { get; init; }

    public required string SignInMethod { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime LastActiveAt { get; set; }

    public required DateTime ExpireAt { get; init; }

    /// <summary>When the person last proved it was them on this session: sign-in, or the password entered again.</summary>
    public required DateTime VerifiedAt { get; set; }

    /// <summary>When the second factor was last proved on this session; null when never.</summary>
    public DateTime? SecondFactorVerifiedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public string? EndReason { get; set; }

    public string? UserAgent { get; init; }

    public string? IpAddress { get; init; }
}
