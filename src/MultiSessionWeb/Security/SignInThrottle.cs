using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Security;

/// <summary>
/// The limits on attempts at one account, risk-based as OWASP's device cookies describe: a browser
/// that signed in to the account before (<see cref="DeviceCookie"/>) has a budget of its own, and
/// every other browser shares the one of the email address or phone number. So failures from
/// elsewhere never pause the owner's own browser, while a guesser anywhere else stays limited.
/// </summary>
/// <remarks>
/// The shared budget is keyed by the identifier as typed (normalized), not by the account, so an
/// address without an account is paused by the same attempts and gets the same answers.
/// </remarks>
public sealed class SignInThrottle(LimitLog log, DeviceCookie device, IdentifierLimiter identifiers, IOptionsMonitor<RateLimitSettings> limits)
{
    /// <summary>Null when one more password check or code entry for <paramref name="identifier"/> may go ahead; otherwise how long to wait.</summary>
    public Task<TimeSpan?> TryAcquireAsync(string identifier, User? account, CancellationToken cancellationToken) =>
        identifiers.TryAcquireAsync(Budget(identifier, account), cancellationToken);

    /// <summary>True once this browser's budget had too many wrong passwords in the window.</summary>
    public async Task<bool> PasswordPausedAsync(string normalizedEmail, User? account, CancellationToken cancellationToken)
    {
        var settings = limits.CurrentValue;
        return await log.CountAsync(LimitKinds.PasswordFailure, Budget(normalizedEmail, account), settings.PasswordFailureWindow, cancellationToken)
            >= settings.PasswordFailuresBeforePause;
    }

    public Task RecordPasswordFailureAsync(string normalizedEmail, User? account, CancellationToken cancellationToken) =>
        log.AddAsync(LimitKinds.PasswordFailure, Budget(normalizedEmail, account), cancellationToken);

    /// <summary>
    /// True once this browser's budget for the account had too many wrong second-factor codes in the
    /// window, over every half-done sign-in: each one takes only five, but whoever knows the password can
    /// start another, so the account's budget is what bounds the guessing.
    /// </summary>
    public async Task<bool> SecondFactorPausedAsync(User account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var settings = limits.CurrentValue;
        return await log.CountAsync(LimitKinds.SecondFactorFailure, Budget(account.Id, account), settings.PasswordFailureWindow, cancellationToken)
            >= settings.PasswordFailuresBeforePause;
    }

    public Task RecordSecondFactorFailureAsync(User account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return log.AddAsync(LimitKinds.SecondFactorFailure, Budget(account.Id, account), cancellationToken);
    }

    /// <summary>Whose attempts these count with: this browser's alone when it signed in to the account before, else everyone's.</summary>
    private string Budget(string identifier, User? account) =>
        device.Knows(account?.Id) ? $"{identifier} {device.DeviceId}" : identifier;
}
