namespace MultiSessionWeb.Data;

/// <summary>Clerk's session statuses. A session never returns to <see cref="Active"/> once it leaves it.</summary>
public enum SessionStatus
{
    Active,
    Pending,
    Removed,
    Revoked,
    Expired,
    Replaced,
    Ended,
}
