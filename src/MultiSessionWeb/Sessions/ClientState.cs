using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>A browser's accounts as the session records say, ordered by slot.</summary>
public sealed record ClientState(string? ClientId, IReadOnlyList<ClientSession> Sessions, string? ActiveSessionId)
{
    public static ClientState Anonymous { get; } = new(null, [], null);

    public ClientSession? Active => ActiveSessionId is null ? null : Find(ActiveSessionId);

    public ClientSession? Find(string sessionId) => Sessions.FirstOrDefault(s => s.Id == sessionId);

    public ClientSession? FindBySlot(int slot) => Sessions.FirstOrDefault(s => s.Slot == slot);
}

/// <summary>One account signed in on the browser.</summary>
public sealed record ClientSession(
    string Id,
    int Slot,
    SessionStatus Status,
    DateTime CreatedAt,
    DateTime LastActiveAt,
    DateTime ExpireAt,
    SessionUser User);

public sealed record SessionUser(string Id, string Email, string Name);
