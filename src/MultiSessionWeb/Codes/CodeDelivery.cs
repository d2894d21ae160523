using MultiSessionWeb.Data;
using MultiSessionWeb.Messaging;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Codes;

/// <summary>Makes a code and sends it by email or SMS. A code that could not be sent is forgotten, so nothing holds the person back from trying again.</summary>
public sealed partial class CodeDelivery(CodeService codes, IEmailSender email, ISmsSender sms, ILogger<CodeDelivery> logger)
{
    public TimeSpan Lifetime => codes.Lifetime;

    /// <summary>A sign-in code to an email address. <paramref name="user"/> is null when the address has no account: nothing is sent.</summary>
    public Task<Delivery> SendSignInCodeByEmailAsync(string address, User? user, HttpContext http) =>
        DeliverAsync(CodePurposes.SignInByEmail, UserService.NormalizeEmail(address), user?.Id, http,
            code => email.SendAsync(MessageTexts.SignInCode(address.Trim(), code, codes.Lifetime), http.RequestAborted));

    /// <summary>A sign-in code by SMS. <paramref name="user"/> is null when no account has verified the number: nothing is sent.</summary>
    public Task<Delivery> SendSignInCodeBySmsAsync(string phone, User? user, HttpContext http) =>
        DeliverAsync(CodePurposes.SignInBySms, phone, user?.Id, http,
            code => sms.SendAsync(MessageTexts.SmsCode(phone, code, codes.Lifetime), http.RequestAborted));

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

    public Task<Delivery> SendPhoneVerificationAsync(string phone, User user, HttpContext http) =>
        DeliverAsync(CodePurposes.VerifyPhone, phone, user.Id, http,
            code => sms.SendAsync(MessageTexts.SmsCode(phone, code, codes.Lifetime), http.RequestAborted));

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
public sealed record Delivery(bool Sent, string? Problem);

public sealed record VerifyCodeModel(
    string Title,
    string Destination,
    string VerifyAction,
    string ResendAction,
    IReadOnlyDictionary<string, string?> Fields,
    string? Error = null,
    string? Notice = null);
