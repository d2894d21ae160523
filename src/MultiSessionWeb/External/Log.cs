namespace MultiSessionWeb.External;

internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Sign-in with {Provider} failed at the provider or on the way back.")]
    public static partial void RemoteFailure(ILogger logger, string provider, Exception? failure);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Sign-in with {Provider} was declined at the provider.")]
    public static partial void AccessDenied(ILogger logger, string provider);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Provider} login linked to user {UserId} ({How}).")]
    public static partial void Linked(ILogger logger, string provider, string userId, string how);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "{Provider} login matches user {UserId}; it waits for the owner to confirm the link.")]
    public static partial void LinkPending(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "{Provider} login unlinked from user {UserId}.")]
    public static partial void Unlinked(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Sign-in with {Provider} could not start; the provider's metadata is fetched again for the next attempt.")]
    public static partial void ChallengeFailed(ILogger logger, string provider, Exception failure);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "The metadata of {Provider} names the issuer {Issuer}, not the configured Authority {Authority}: refused. Fix the provider's Authority setting, or the provider.")]
    public static partial void MetadataIssuerMismatch(ILogger logger, string provider, string? issuer, string authority);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "The authorization response for {Provider} names the issuer {Issuer}, not {Expected}: refused (RFC 9207).")]
    public static partial void ResponseIssuerMismatch(ILogger logger, string provider, string? issuer, string? expected);
}
