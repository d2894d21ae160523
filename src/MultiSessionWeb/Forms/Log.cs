namespace MultiSessionWeb.Forms;

internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information,
        Message = "A form posted to {Path} named session {SessionId}, which is no longer signed in on client {ClientId}; it was refused.")]
    public static partial void StaleFormRefused(ILogger logger, PathString path, string? sessionId, string? clientId);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Debug,
        Message = "A form posted to {Path} acts as session {SessionId}, which it was rendered for, instead of the browser's active one.")]
    public static partial void ActsAsRenderedSession(ILogger logger, PathString path, string sessionId);
}
