namespace MultiSessionWeb.External;

internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Sign-in with {Provider} failed at the provider or on the way back.")]
    public static partial void RemoteFailure(ILogger logger, string provider, Exception? failure);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Sign-in with {Provider} was declined at the provider.")]
    public static partial void AccessDenied(ILogger logger, string provider);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Provider} login linked to user {UserId} ({How}).")]
    public static partial void Linked(ILogger logger, string provider, string userId, string how);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "{Provider} login of user {UserId} waits for a password sign-in before linking.")]
    public static partial void LinkPending(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "{Provider} login unlinked from user {UserId}.")]
    public static partial void Unlinked(ILogger logger, string provider, string userId);
}
