using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;
using MultiSessionWeb.Messaging;
using MultiSessionWeb.Security;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Codes;

/// <summary>
/// Makes a code and queues it for sending by email or SMS (<see cref="OutgoingMessages"/>): the answer never
/// waits for the mail server. Codes go to the stored address of the account, or to an address that
/// passed <see cref="EmailAddresses.Canonical"/> — never to text as typed. Texts are capped against
/// SMS pumping.
/// </summary>
public sealed partial class CodeDelivery(
    CodeService codes,
    OutgoingMessages queue,
    LimitLog limitLog,
    DeviceCookie device,
    IOptionsMonitor<SmsSettings> smsSettings,
    ILogger<CodeDelivery> logger)
{
    public TimeSpan Lifetime => codes.Lifetime;

    /// <summary>A sign-in code to an account's email address. <paramref name="user"/> is null when the address has no account: nothing is sent.</summary>
    public Task<Delivery> SendSignInCodeByEmailAsync(string address, User? user, HttpContext http) =>
        DeliverAsync(CodePurposes.SignInByEmail, UserService.NormalizeEmail(address), user?.Id, http,
            code => user is null ? null : Email(MessageTexts.SignInCode(user.Email, code, codes.Lifetime)));

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
                await DeliverAsync(CodePurposes.SignInBySms, phone, user?.Id, http, code => user is null ? null : Sms(MessageTexts.SmsCode(phone, code, codes.Lifetime))),
                phone, account, http.RequestAborted);
    }

    /// <summary>
    /// The code that proves an address at sign-up, issued for the id the new account will get. When
    /// <paramref name="existing"/> is a verified account, its owner gets "you already have an account"
    /// instead, and the code can never be used. The work is the same either way.
    /// </summary>
    public Task<Delivery> SendSignUpCodeAsync(string canonicalAddress, string pendingUserId, User? existing, HttpContext http)
    {
        var registered = existing is { EmailVerifiedAt: not null };
        return DeliverAsync(CodePurposes.VerifyEmail, UserService.NormalizeEmail(canonicalAddress), registered ? null : pendingUserId, http,
            code => Email(registered
                ? MessageTexts.AlreadyRegistered(existing!.Email)
                : MessageTexts.VerificationCode(canonicalAddress, code, codes.Lifetime)));
    }

    /// <summary>
    /// The code that proves a new address for <paramref name="user"/>. When another account has the
    /// address, its owner is told so instead, and the code can never be used: the page looks the same
    /// either way, so it cannot be used to find out which addresses have accounts.
    /// </summary>
    public Task<Delivery> SendEmailChangeCodeAsync(string canonicalAddress, User user, bool takenByAnother, HttpContext http) =>
        DeliverAsync(CodePurposes.ChangeEmail, UserService.NormalizeEmail(canonicalAddress), takenByAnother ? null : user.Id, http,
            code => Email(takenByAnother
                ? MessageTexts.AlreadyRegistered(canonicalAddress)
                : MessageTexts.VerificationCode(canonicalAddress, code, codes.Lifetime)));

    /// <summary>A code to a number <paramref name="user"/> wants to add: counted against the account and the number.</summary>
    public async Task<Delivery> SendPhoneVerificationAsync(string phone, User user, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await SmsRefusalAsync(phone, user.Id, perNumber: true, http.RequestAborted)
            ?? await CountTextAsync(
                await DeliverAsync(CodePurposes.VerifyPhone, phone, user.Id, http, code => Sms(MessageTexts.SmsCode(phone, code, codes.Lifetime))),
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

    /// <summary>A code to the account's own, verified address, for a task that asks for proof (e.g. reset-password).</summary>
    public Task<Delivery> SendAccountCodeAsync(string purpose, User user, HttpContext http) =>
        DeliverAsync(purpose, user.NormalizedEmail, user.Id, http,
            code => Email(MessageTexts.AccountCode(user.Email, code, codes.Lifetime)));

    private static OutgoingMessage Email(EmailMessage message) => new(message, null, null);

    private static OutgoingMessage Sms(SmsMessage message) => new(null, message, null);

    // message: what to send with the code; null sends nothing (an identifier with no account).
    private async Task<Delivery> DeliverAsync(string purpose, string identifier, string? userId, HttpContext http, Func<string, OutgoingMessage?> message)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString();
        switch (await codes.IssueAsync(purpose, identifier, userId, ip, http.RequestAborted))
        {
            case CodeIssue.TooSoon tooSoon:
                return new Delivery(false, $"A code was sent a moment ago. Wait {Math.Ceiling(tooSoon.Wait.TotalSeconds)} seconds before asking for another.");
            case CodeIssue.TooMany:
                return new Delivery(false, "Too many codes were asked for. Please try again later.");
            case CodeIssue.Issued issued:
                if (message(issued.Code) is not { } outgoing || queue.TryEnqueue(outgoing with { CodeId = issued.Id }))
                {
                    return new Delivery(true, null);
                }

                QueueFull(logger, purpose);
                await codes.DiscardAsync(issued.Id, http.RequestAborted);
                return new Delivery(false, "We couldn't send the code. Please try again in a moment.");

            default:
                throw new InvalidOperationException("Unknown code issue.");
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "A {Purpose} code was not sent: the outgoing message queue is full.")]
    private static partial void QueueFull(ILogger logger, string purpose);
}

/// <param name="Sent">True when the person should now look for a code (also when nothing was sent to an unknown identifier).</param>
/// <param name="Problem">What to tell the person when not.</param>
/// <param name="RetryAfter">Set when the refusal is a rate: the page then answers 429 with Retry-After.</param>
public sealed record Delivery(bool Sent, string? Problem, TimeSpan? RetryAfter = null);
