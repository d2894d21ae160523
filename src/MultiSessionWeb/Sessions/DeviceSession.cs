using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>A user's session as the devices page and the administration show it.</summary>
public sealed record DeviceSession(
    string Id,
    string ClientId,
    SessionStatus Status,
    string SignInMethod,
    string? UserAgent,
    string? IpAddress,
    DateTime CreatedAt,
    DateTime LastActiveAt,
    DateTime ExpireAt)
{
    public string Device => DeviceDescription.Describe(UserAgent);
}
