namespace MultiSessionWeb.Authentication;

/// <summary>
/// What the client cookie carries: the browser's client id, the client's current secret
/// (<see cref="Sessions.ClientSecret"/>), a ticket per session, the active session.
/// </summary>
public sealed record ClientCookie(string ClientId, byte[] Secret, IReadOnlyList<SessionTicket> Tickets, string? ActiveSessionId);

/// <summary>One session the browser holds. Whose session it is, the records say.</summary>
public sealed record SessionTicket(string SessionId, int Slot);
