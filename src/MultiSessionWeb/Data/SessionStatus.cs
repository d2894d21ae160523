namespace MultiSessionWeb.Data;

/// <summary>
/// Clerk's session statuses, stored by name. <see cref="Active"/> and <see cref="Pending"/> are signed
/// in and pass both ways (a reset-password task holds a session, finishing it frees it); the others end
/// a session for good.
/// </summary>
public enum SessionStatus
{
    Active,
    Pending,
    Removed,
    Revoked,
    Expired,
    Replaced,
}
