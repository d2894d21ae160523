namespace MultiSessionWeb.Data;

/// <summary>One browser. Its id travels in the client cookie; its sessions are the accounts it holds.</summary>
public sealed class Client
{
    public required string Id { get; init; }

    public required DateTime CreatedAt { get; init; }
}
