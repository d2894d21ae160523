namespace MultiSessionWeb.Authentication;

/// <summary>What the client cookie carries: the browser's client id, a ticket per session, the active session.</summary>
public sealed record ClientCookie(string ClientId, IReadOnlyList<SessionTicket> Tickets, string? ActiveSessionId);

/// <summary>One session the browser holds.</summary>
public sealed record SessionTicket(string SessionId, int Slot, string UserId);
