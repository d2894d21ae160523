using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;
using MultiSessionWeb.Messaging;
using MultiSessionWeb.Security;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Codes;

/// <summary>Makes a code and sends it by email or SMS. A code that could not be sent is forgotten, so nothing holds the person back from trying again.</summary>
public sealed partial class CodeDelivery(
    CodeService codes,
    IEmailSender email,
    ISmsSender sms,
    LimitLog limitLog,
    DeviceCookie device,
    IOptionsMonitor<SmsSettings> smsSettings,
    ILogger<CodeDelivery> logger)
{
    public TimeSpan Lifetime => codes.Lifetime;

    /// <summary>A sign-in code to an email address. <paramref name="user"/> is null when the address has no account: nothing is sent.</summary>
    public Task<Delivery> SendSignInCodeByEmailAsync(string address, User? user, HttpContext http) =>
        DeliverAsync(CodePurposes.SignInByEmail, UserService.NormalizeEmail(address), user?.Id, http,
            code => email.SendAsync(MessageTexts.SignInCode(address.Trim(), code, codes.Lifetime), http.RequestAborted));

    /// <summary>A sign-in code by SMS. <paramref name="user"/> is null when no account has verified the number: nothing is sent.</summary>
    /// <remarks>
    /// A browser that signed in to the account before spends the account's daily texts; anyone else the
    /// number's, which is counted whether or not the number has an account, so the answers are the same.
    /// </remarks>
    public async Task<Delivery> SendSignInCodeBySmsAsync(string phone, User? user, HttpContext http)
    {
        var account = device.Knows(user?.Id) ? user!.Id : null;
        return await SmsRefusalAsync(phone, account, perNumber: account is null, http.RequestAborted)
            ?? await CountTextAsync(
                await DeliverAsync(CodePurposes.SignInBySms, phone, user?.Id, http, code => sms.SendAsync(MessageTexts.SmsCode(phone, code, codes.Lifetime), http.RequestAborted)),
                phone, account, http.RequestAborted);
    }

    /// <summary>
    /// The code that proves an address at sign-up. For an address that already has a verified
    /// account, the owner gets "you already have an account" instead, and the code can never be used.
    /// </summary>
    public Task<Delivery> SendEmailVerificationAsync(string address, User? unverifiedUser, HttpContext http) =>
        DeliverAsync(CodePurposes.VerifyEmail, UserService.NormalizeEmail(address), unverifiedUser?.Id, http,
            code => unverifiedUser is null
                ? email.SendAsync(MessageTexts.AlreadyRegistered(address.Trim()), http.RequestAborted)
                : email.SendAsync(MessageTexts.VerificationCode(address.Trim(), code, codes.Lifetime), http.RequestAborted),
            sendWithoutUser: true);

    /// <summary>
    /// The code that proves a new address for <paramref name="user"/>. When another account has the
    /// address, its owner is told so instead, and the code can never be used: the page looks the same
    /// either way, so it cannot be used to find out which addresses have accounts.
    /// </summary>
    public Task<Delivery> SendEmailChangeCodeAsync(string address, User user, bool takenByAnother, HttpContext http) =>
        DeliverAsync(CodePurposes.ChangeEmail, UserService.NormalizeEmail(address), takenByAnother ? null : user.Id, http,
            code => takenByAnother
                ? email.SendAsync(MessageTexts.AlreadyRegistered(address.Trim()), http.RequestAborted)
                : email.SendAsync(MessageTexts.VerificationCode(address.Trim(), code, codes.Lifetime), http.RequestAborted),
            sendWithoutUser: true);

    /// <summary>A code to a number <paramref name="user"/> wants to add: counted against the account and the number.</summary>
    public async Task<Delivery> SendPhoneVerificationAsync(string phone, User user, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await SmsRefusalAsync(phone, user.Id, perNumber: true, http.RequestAborted)
            ?? await CountTextAsync(
                await DeliverAsync(CodePurposes.VerifyPhone, phone, user.Id, http, code => sms.SendAsync(MessageTexts.SmsCode(phone, code, codes.Lifetime), http.RequestAborted)),
                phone, user.Id, http.RequestAborted);
    }

    /// <summary>Against SMS pumping: texts only to allowed countries, and only so many a day per number and per account.</summary>
    private async Task<Delivery?> SmsRefusalAsync(string phone, string? accountId, bool perNumber, CancellationToken cancellationToken)
    {
        var settings = smsSettings.CurrentValue;
        if (!settings.AllowsNumber(phone))
        {
            return new Delivery(false, $"We can only send texts to numbers that start with {string.Join(" or ", settings.AllowedCountryCodes.Select(c => c.Trim()))}.");
        }

        if (perNumber && await limitLog.WaitAsync(LimitKinds.SmsToNumber, phone, settings.MaxPerNumberPerDay, TimeSpan.FromDays(1), cancellationToken) is { } numberWait)
        {
            return new Delivery(false, "Too many texts were sent to this number today. Please try again tomorrow, or use another way to sign in.", numberWait);
        }

        if (accountId is not null
            && await limitLog.WaitAsync(LimitKinds.SmsForAccount, accountId, settings.MaxPerAccountPerDay, TimeSpan.FromDays(1), cancellationToken) is { } accountWait)
        {
            return new Delivery(false, $"This account has been sent {settings.MaxPerAccountPerDay} texts today, the most a day allows. Please try again tomorrow.", accountWait);
        }

        return null;
    }

    /// <summary>Counts a text once its code was made, also for a number without an account (nothing went out, but the answer was the same).</summary>
    private async Task<Delivery> CountTextAsync(Delivery delivery, string phone, string? accountId, CancellationToken cancellationToken)
    {
        if (delivery.Sent)
        {
            await limitLog.AddAsync(LimitKinds.SmsToNumber, phone, cancellationToken);
            if (accountId is not null)
            {
                await limitLog.AddAsync(LimitKinds.SmsForAccount, accountId, cancellationToken);
            }
        }

        return delivery;
    }

    private async Task<Delivery> DeliverAsync(
        string purpose, string identifier, string? userId, HttpContext http, Func<string, Task> send, bool sendWithoutUser = false)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString();
        switch (await codes.IssueAsync(purpose, identifier, userId, ip, http.RequestAborted))
        {
            case CodeIssue.TooSoon tooSoon:
                return new Delivery(false, $"A code was sent a moment ago. Wait {Math.Ceiling(tooSoon.Wait.TotalSeconds)} seconds before asking for another.");
            case CodeIssue.TooMany:
                return new Delivery(false, "Too many codes were asked for. Please try again later.");
            case CodeIssue.Issued issued:
                if (userId is null && !sendWithoutUser)
                {
                    return new Delivery(true, null);
                }

                try
                {
                    await send(issued.Code);
                    return new Delivery(true, null);
                }
                catch (MessageDeliveryException exception)
                {
                    SendFailed(logger, exception, purpose);
                    await codes.DiscardAsync(issued.Id, http.RequestAborted);
                    return new Delivery(false, "We couldn't send the code. Please try again in a moment.");
                }

            default:
                throw new InvalidOperationException("Unknown code issue.");
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "A {Purpose} code could not be sent.")]
    private static partial void SendFailed(ILogger logger, Exception exception, string purpose);
}

/// <param name="Sent">True when the person should now look for a code (also when nothing was sent to an unknown identifier).</param>
/// <param name="Problem">What to tell the person when not.</param>
/// <param name="RetryAfter">Set when the refusal is a rate: the page then answers 429 with Retry-After.</param>
public sealed record Delivery(bool Sent, string? Problem, TimeSpan? RetryAfter = null);

public sealed record VerifyCodeModel(
    string Title,
    string Destination,
    string VerifyAction,
    string ResendAction,
    IReadOnlyDictionary<string, string?> Fields,
    string? Error = null,
    string? Notice = null);
