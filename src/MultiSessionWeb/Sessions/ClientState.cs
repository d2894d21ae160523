using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// A browser's accounts as the session records say, ordered by slot: the signed-in ones and the
/// remembered ones that were signed out elsewhere or expired ("Signed out — sign in again").
/// </summary>
public sealed record ClientState(string? ClientId, IReadOnlyList<ClientSession> Sessions, string? ActiveSessionId)
{
    public static ClientState Anonymous { get; } = new(null, [], null);

    /// <summary>Active or pending: the sessions that hold a ticket and count against the cap.</summary>
    public IReadOnlyList<ClientSession> SignedIn => [.. Sessions.Where(s => s.IsSignedIn)];

    /// <summary>The active session; always a signed-in one.</summary>
    public ClientSession? Active => ActiveSessionId is null ? null : Find(ActiveSessionId);

    public ClientSession? Find(string sessionId) => Sessions.FirstOrDefault(s => s.Id == sessionId);

    public ClientSession? FindBySlot(int slot) => Sessions.FirstOrDefault(s => s.Slot == slot);
}

/// <summary>One account listed on the browser.</summary>
public sealed record ClientSession(
    string Id,
    int Slot,
    SessionStatus Status,
    DateTime CreatedAt,
    DateTime LastActiveAt,
    DateTime ExpireAt,
    DateTime VerifiedAt,
    SessionUser User)
{
    public bool IsSignedIn => Status is SessionStatus.Active or SessionStatus.Pending;

    /// <summary>Ended elsewhere or by time, and still listed so the person can sign in again in one click.</summary>
    public bool IsRemembered => !IsSignedIn;
}

public sealed record SessionUser(string Id, string Email, string Name);
