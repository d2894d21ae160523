namespace MultiSessionWeb.Data;

/// <summary>One of an account's ten single-use recovery codes; only its SHA-256 is stored (120 random bits each).</summary>
public sealed class RecoveryCode
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required byte[] Hash { get; init; }

    public required DateTime CreatedAt { get; init; }

    public DateTime? UsedAt { get; set; }
}
