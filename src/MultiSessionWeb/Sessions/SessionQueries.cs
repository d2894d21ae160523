using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// The one spelling of each session state in queries; EF Core inlines them, so the SQL is the same as
/// written out. <see cref="IsSignedIn"/> is the in-memory twin of <see cref="SignedIn"/>.
/// The filtered indexes in <c>Data/Configurations</c> say the same in SQL.
/// </summary>
public static class SessionQueries
{
    /// <summary>On the browser's list: signed in, or remembered ("Signed out — sign in again").</summary>
    public static IQueryable<Session> Listed(this IQueryable<Session> sessions) =>
        sessions.Where(s => s.Status != SessionStatus.Removed && s.Status != SessionStatus.Replaced);

    /// <summary>Active or pending: holds a ticket and counts against the browser's cap.</summary>
    public static IQueryable<Session> SignedIn(this IQueryable<Session> sessions) =>
        sessions.Where(s => s.Status == SessionStatus.Active || s.Status == SessionStatus.Pending);

    /// <summary>Listed but no longer signed in: ended elsewhere or by time.</summary>
    public static IQueryable<Session> Remembered(this IQueryable<Session> sessions) =>
        sessions.Listed().Where(s => s.Status != SessionStatus.Active && s.Status != SessionStatus.Pending);

    /// <summary>In memory, what <see cref="SignedIn"/> selects.</summary>
    public static bool IsSignedIn(this SessionStatus status) => status is SessionStatus.Active or SessionStatus.Pending;
}
