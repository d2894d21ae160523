namespace MultiSessionWeb.Data;

/// <summary>
/// A sign-in whose first factor is proved and whose second is not yet: no session exists. A row, not a
/// sealed field, so that wrong codes are counted however often the form is replayed.
/// </summary>
public sealed class PendingSignIn
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string Method { get; init; }

    /// <summary>SHA-256 of the browser's client id: the half-done sign-in goes on only in the browser that began it.</summary>
    public required byte[] BindingHash { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime ExpireAt { get; init; }

    public int Failures { get; set; }
}
