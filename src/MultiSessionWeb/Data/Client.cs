namespace MultiSessionWeb.Data;

/// <summary>One browser. Its id travels in the client cookie; its sessions are the accounts it holds.</summary>
public sealed class Client
{
    public required string Id { get; init; }

    public required DateTime CreatedAt { get; init; }

    /// <summary>SHA-256 of the secret the browser's cookie carries; renewed at every sign-in.</summary>
    public byte[]? SecretHash { get; set; }

    /// <summary>The hash of the secret before the last renewal, for sign-ins that were already on their way.</summary>
    public byte[]? PreviousSecretHash { get; set; }

    /// <summary>The current secret sealed with the previous one (<c>ClientSecret.Seal</c> in Sessions).</summary>
    public byte[]? SealedSecret { get; set; }

    public DateTime? SecretRotatedAt { get; set; }
}
