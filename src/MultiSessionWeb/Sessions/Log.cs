namespace MultiSessionWeb.Sessions;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Session {SessionId} created for user {UserId} on client {ClientId} by {Method}.")]
    public static partial void SessionCreated(ILogger logger, string sessionId, string userId, string clientId, string method);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Session {SessionId} signed out on client {ClientId}.")]
    public static partial void SignedOut(ILogger logger, string sessionId, string clientId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Every session of client {ClientId} signed out.")]
    public static partial void SignedOutAll(ILogger logger, string clientId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Client {ClientId} is at its limit of {Limit} accounts; sign-in refused.")]
    public static partial void AccountLimitReached(ILogger logger, string clientId, int limit);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Client {ClientId} lost a slot race (attempt {Attempt}); retrying.")]
    public static partial void SlotRace(ILogger logger, string clientId, int attempt);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information,
        Message = "Session cleanup: {Expired} expired, {Deleted} old records deleted, {Clients} empty clients deleted.")]
    public static partial void CleanedUp(ILogger logger, int expired, int deleted, int clients);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning,
        Message = "A cookie of client {ClientId} that does not carry the client's current secret signed in; it starts a client of its own.")]
    public static partial void StaleCookieSignedIn(ILogger logger, string clientId);
}
