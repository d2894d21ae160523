namespace MultiSessionWeb.Sessions;

internal static partial class Log
{
    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Client {ClientId} lost a slot race (attempt {Attempt}); retrying.")]
    public static partial void SlotRace(ILogger logger, string clientId, int attempt);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning,
        Message = "A cookie of client {ClientId} that does not carry the client's current secret signed in; it starts a client of its own.")]
    public static partial void StaleCookieSignedIn(ILogger logger, string clientId);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Listening for session changes of other instances (PostgreSQL backend {ProcessId}); the session cache is on.")]
    public static partial void Listening(ILogger logger, int processId);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "Lost the connection that listens for session changes of other instances; the session cache is off until it listens again (next try in {Retry}).")]
    public static partial void ListeningLost(ILogger logger, Exception exception, TimeSpan retry);
}
