namespace MultiSessionWeb.Maintenance;

internal static partial class Log
{
    [LoggerMessage(EventId = 2006, Level = LogLevel.Information,
        Message = "Session cleanup: {Expired} expired, {Deleted} old records deleted, {Clients} empty clients deleted.")]
    public static partial void CleanedUp(ILogger logger, int expired, int deleted, int clients);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Session cleanup failed; it runs again at the next interval.")]
    public static partial void CleanupFailed(ILogger logger, Exception exception);
}
