namespace MultiSessionWeb.Authentication;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "A client cookie of {Length} characters could not be read (tampered, truncated or from another key ring); it counts as no sessions and is deleted.")]
    public static partial void CookieUnreadable(ILogger logger, int length);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Session {SessionId} is now active on client {ClientId}.")]
    public static partial void SessionActivated(ILogger logger, string sessionId, string clientId);
}
