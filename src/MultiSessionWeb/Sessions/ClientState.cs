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
    SessionUser User,
    DateTime? SecondFactorVerifiedAt = null,
    // The due task of a pending session (a SessionTasks key): a new password first, then a second factor.
    string? Task = null)
{
    public bool IsSignedIn => Status.IsSignedIn();

    /// <summary>Ended elsewhere or by time, and still listed so the person can sign in again in one click.</summary>
    public bool IsRemembered => !IsSignedIn;
}

// StepUpOnSwitch: the account asks for step-up on switch; read with the sessions, so deciding it costs no query.
public sealed record SessionUser(string Id, string Email, string Name, bool StepUpOnSwitch = false);

/// <summary>What a browser's cookie shows of itself: its client, the secret it carries, the sessions it holds tickets for.</summary>
public sealed record ClientCredential(string ClientId, byte[] Secret, IReadOnlyCollection<string> SessionIds);

/// <summary>How a cookie's secret stands against its client's records.</summary>
public enum CookieStanding
{
    /// <summary>It carries the current secret (or the client lists nothing): it gets every listed session.</summary>
    Current,

    /// <summary>
    /// It carries the secret from before the client's last sign-in, and this request arrived while that
    /// sign-in was under way: another tab's newer cookie is on its way, so this response leaves the cookie alone.
    /// </summary>
    Previous,

    /// <summary>Anything else: it gets only the signed-in sessions it holds tickets for.</summary>
    Stale,
}

/// <summary>A browser's accounts as its cookie may see them, and how the cookie stands.</summary>
public sealed record ClientView(ClientState State, CookieStanding Standing);

/// <summary>What <see cref="ClientSessionCache"/> keeps of a browser: its secret's hashes and its listed sessions.</summary>
public sealed record ClientRecords(ClientSecretHashes? Secret, IReadOnlyList<ClientSession> Sessions);

/// <summary>The client's current and previous secret, as hashes, and when the current one was made.</summary>
public sealed record ClientSecretHashes(byte[] Current, byte[]? Previous, DateTime? RotatedAt);

/// <summary>One row of the query every request runs: a listed session with its client's secret hashes.</summary>
public sealed record ClientSessionRow(ClientSession Session, byte[]? SecretHash, byte[]? PreviousSecretHash, DateTime? SecretRotatedAt);
