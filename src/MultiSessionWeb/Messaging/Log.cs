namespace MultiSessionWeb.Messaging;

/// <summary>Messaging's log events, 3100–3199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "A queued {Channel} message could not be sent; its code, if any, was discarded.")]
    public static partial void SendFailed(ILogger logger, Exception exception, string channel);
}
