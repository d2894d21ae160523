namespace MultiSessionWeb.Passkeys;

internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning,
        Message = "A passkey of user {UserId} sent a signature counter that did not grow: the authenticator may have been cloned. The sign-in was refused.")]
    public static partial void CounterWentBack(ILogger logger, string userId);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "A passkey ceremony was refused: {Reason}.")]
    public static partial void CeremonyRefused(ILogger logger, string reason);
}
