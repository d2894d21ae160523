namespace MultiSessionWeb.Data;

/// <summary>
/// One counted attempt for a limit that must hold across instances and restarts: a wrong password
/// for an address, a text sent to a number or for an account. Limits count the rows of one
/// <see cref="Kind"/> and <see cref="Key"/> in a sliding window; the cleanup deletes old ones.
/// </summary>
public sealed class LimitEvent
{
    public long Id { get; init; }

    /// <summary>One of <see cref="LimitKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>What is counted: a normalized email, a phone number, a user id, optionally with the browser that asked.</summary>
    public required string Key { get; init; }

    public required DateTime OccurredAt { get; init; }
}

public static class LimitKinds
{
    public const string PasswordFailure = "password-failure";
    public const string SecondFactorFailure = "second-factor-failure";
    public const string SmsToNumber = "sms-number";
    public const string SmsForAccount = "sms-account";
}
