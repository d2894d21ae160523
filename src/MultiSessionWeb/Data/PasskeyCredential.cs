namespace MultiSessionWeb.Data;

/// <summary>A WebAuthn credential (passkey) that signs its user in with one touch.</summary>
public sealed class PasskeyCredential
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The authenticator's id of the credential; unique across all accounts.</summary>
    public required byte[] CredentialId { get; init; }

    /// <summary>The user handle the authenticator returns for a discoverable sign-in (the user id's bytes).</summary>
    public required byte[] UserHandle { get; init; }

    /// <summary>The COSE public key the assertions are checked with.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The signature counter; a long because PostgreSQL has no unsigned 32-bit column.</summary>
    public long SignCount { get; set; }

    /// <summary>The BE flag: the credential may be synced to other devices of the person.</summary>
    public bool IsBackupEligible { get; init; }

    /// <summary>The BS flag, as last reported: the credential is synced.</summary>
    public bool IsBackedUp { get; set; }

    /// <summary>The transports the browser reported, comma-separated (<c>internal,hybrid</c>).</summary>
    public string? Transports { get; init; }

    public Guid AaGuid { get; init; }

    public required string Name { get; set; }

    public required DateTime CreatedAt { get; init; }

    public DateTime? LastUsedAt { get; set; }
}

/// <summary>
/// The nonce of a passkey ceremony whose sealed state was used: the primary key makes a second use
/// fail on every instance at once. Rows live until the state would have expired anyway.
/// </summary>
public sealed class UsedPasskeyCeremony
{
    public required string Nonce { get; init; }

    public required DateTime ExpireAt { get; init; }
}
