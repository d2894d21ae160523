using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.Messaging;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Reverification;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Profile;

/// <summary>
/// Changing the account's email address: the password again (ASVS 7.5.1), then a code sent to the
/// new address proves it; the old address is told.
/// </summary>
[Authorize]
[Route("account/email")]
public sealed partial class EmailController(
    UserService users,
    SessionStore sessions,
    SecurityActivity activity,
    CodeDelivery delivery,
    CodeService codes,
    OutgoingMessages outbox,
    ReverificationService reverification,
    AppUrls urls,
    VerifyCodePage codePage,
    ActingAccount account,
    ILogger<EmailController> logger) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new ChangeEmailInput { AsksForPassword = await AsksForPasswordAsync(cancellationToken) });

    /// <summary>Checks who is asking and sends the code; also "Send a new code" on the code page.</summary>
    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Index(ChangeEmailInput input, CancellationToken cancellationToken)
    {
        var session = account.Session;
        var user = await account.GetUserAsync(cancellationToken);
        var outcome = await reverification.CheckAsync(session, user, input.Password, ModelState.IsValid, cancellationToken);
        var asksForPassword = reverification.Needs(session, user) == ConfirmWith.Password;
        ModelState.AddConfirmItsYouError(outcome, nameof(input.Password), new(
            Missing: "Enter your password.",
            Wrong: "That is not your password.",
            // With no password to ask for, a fresh sign-in (by provider or code) is the proof.
            NeedsFreshSignIn: $"Changing your email address needs a fresh sign-in: sign out, sign in again, and come back within {reverification.WindowText}."));

        if (ModelState.IsValid && UserService.NormalizeEmail(input.Email) == user.NormalizedEmail)
        {
            ModelState.AddModelError(nameof(input.Email), "That is already your email address.");
        }

        if (!ModelState.IsValid)
        {
            return View(input with { Password = "", AsksForPassword = asksForPassword });
        }

        if (outcome == ReverificationOutcome.Confirmed)
        {
            // The password counts for a few minutes, so "Send a new code" need not ask for it again.
            await reverification.MarkReverifiedAsync(HttpContext, session);
        }

        var address = EmailAddresses.Canonical(input.Email)!;
        var taken = await users.IsEmailTakenAsync(user, address, cancellationToken);
        var sent = await delivery.SendEmailChangeCodeAsync(address, user, taken, HttpContext);
        if (!sent.Sent)
        {
            ModelState.AddModelError("", sent.Problem!);
            return View(input with { Password = "", AsksForPassword = false });
        }

        return View("VerifyCode", codePage.NewEmail(address));
    }

    [HttpPost("verify"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeVerify)]
    public async Task<IActionResult> Verify(CodeVerifyInput input, CancellationToken cancellationToken)
    {
        if (EmailAddresses.Canonical(input.Email) is not { } address)
        {
            return LocalRedirect(urls.Account.Email());
        }

        if (!ModelState.IsValid)
        {
            return View("VerifyCode", codePage.NewEmail(address, this.FirstModelError()));
        }

        var session = account.Session;
        var check = await codes.ConsumeAsync(CodePurposes.ChangeEmail, UserService.NormalizeEmail(address), input.Code, cancellationToken);
        if (check.UserId != session.User.Id)
        {
            return View("VerifyCode", codePage.NewEmail(address, check.Problem ?? CodeCheck.Wrong.Problem));
        }

        var user = await account.GetUserAsync(cancellationToken);
        var oldAddress = user.Email;
        if (!await users.ChangeEmailAsync(user, address, cancellationToken))
        {
            return View("VerifyCode", codePage.NewEmail(address, "Another account has just taken this address."));
        }

        await activity.RecordAsync(user.Id, SecurityEventTypes.EmailChanged, HttpContext, sessionId: session.Id);
        await sessions.InvalidateBrowsersOfUserAsync(user.Id, cancellationToken);
        TellOldAddress(oldAddress, user.Email);
        this.Notify($"Your email address is now {user.Email}.");
        return LocalRedirect(urls.Account.Profile());
    }

    private async Task<bool> AsksForPasswordAsync(CancellationToken cancellationToken)
    {
        var session = account.Session;
        if (reverification.IsRecent(session))
        {
            return false;
        }

        var user = await account.GetUserAsync(cancellationToken);
        return reverification.Needs(session, user) == ConfirmWith.Password;
    }

    private void TellOldAddress(string oldAddress, string newAddress)
    {
        // The change is made and recorded in the security activity; a lost notice must not undo it.
        if (!outbox.TryEnqueue(new OutgoingMessage(MessageTexts.EmailChanged(oldAddress, newAddress), null, null)))
        {
            NoticeNotSent(logger);
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The notice of an email change to the old address was not queued: the queue is full.")]
    private static partial void NoticeNotSent(ILogger logger);
}
