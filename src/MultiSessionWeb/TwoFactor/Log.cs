namespace MultiSessionWeb.TwoFactor;

internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning,
        Message = "A code of user {UserId}'s authenticator for time step {Step} was given again; refused.")]
    public static partial void TimeStepReplayed(ILogger logger, string userId, long step);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning,
        Message = "Half-done sign-in {PendingSignInId} of user {UserId} is locked after {Failures} wrong codes.")]
    public static partial void PendingSignInLocked(ILogger logger, string pendingSignInId, string userId, int failures);
}
