namespace MultiSessionWeb.Sessions;

internal static partial class Log
{
    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Client {ClientId} lost a slot race (attempt {Attempt}); retrying.")]
    public static partial void SlotRace(ILogger logger, string clientId, int attempt);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning,
        Message = "A cookie of client {ClientId} that does not carry the client's current secret signed in; it starts a client of its own.")]
    public static partial void StaleCookieSignedIn(ILogger logger, string clientId);
}
