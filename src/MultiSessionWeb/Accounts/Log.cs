namespace MultiSessionWeb.Accounts;

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

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Switch to session {SessionId} on client {ClientId} waits for a fresh proof ({Proof}).")]
    public static partial void StepUpDue(ILogger logger, string sessionId, string clientId, StepUpProof proof);
}
