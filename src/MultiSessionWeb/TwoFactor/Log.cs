namespace MultiSessionWeb.TwoFactor;

internal static partial class Log
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning,
        Message = "A code of user {UserId}'s authenticator for time step {Step} was given again; refused.")]
    public static partial void TimeStepReplayed(ILogger logger, string userId, long step);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning,
        Message = "Half-done sign-in {PendingSignInId} of user {UserId} is locked after {Failures} wrong codes.")]
    public static partial void PendingSignInLocked(ILogger logger, string pendingSignInId, string userId, int failures);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information,
        Message = "Mfa:Required is on: {Count} signed-in session(s) of accounts without a second factor now wait on the setup-mfa task.")]
    public static partial void ExistingSessionsPending(ILogger logger, int count);
}
