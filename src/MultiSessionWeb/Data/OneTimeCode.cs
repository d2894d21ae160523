namespace MultiSessionWeb.Data;

/// <summary>
/// A 6-digit code sent by email or SMS. Only its salted hash is stored. A row is written for every
/// request, also for an identifier with no account (then <see cref="UserId"/> is null and nothing is
/// sent), so that limits and answers look the same either way.
/// </summary>
public sealed class OneTimeCode
{
    public long Id { get; init; }

    /// <summary>One of <see cref="CodePurposes"/>.</summary>
    public required string Purpose { get; init; }

    /// <summary>The normalized email or the E.164 phone number the code was sent to.</summary>
    public required string Identifier { get; init; }

    public string? UserId { get; init; }

    public required byte[] Salt { get; init; }

    public required byte[] Hash { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime ExpireAt { get; init; }

    public int FailedAttempts { get; set; }

    public DateTime? ConsumedAt { get; set; }

    public string? IpAddress { get; init; }

    /// <summary>
    /// The browser that asked for the code (its device id): only that browser can enter it, so guesses
    /// from anywhere else neither succeed nor use up its tries.
    /// </summary>
    public string? Requester { get; init; }
}

public static class CodePurposes
{
    public const string SignInByEmail = "sign-in-email";
    public const string SignInBySms = "sign-in-sms";
    public const string VerifyEmail = "verify-email";
    public const string VerifyPhone = "verify-phone";
    public const string ChangeEmail = "change-email";
    public const string ResetPassword = "reset-password";
}
