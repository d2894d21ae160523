using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.External;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Reverification;
using MultiSessionWeb.Security;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Profile;

/// <summary>The signed-in user's own account: profile, password, security activity.</summary>
[Authorize]
[Route("account")]
public sealed class ProfileController(
    UserService users,
    BrowserSessions browserSessions,
    SecurityActivity activity,
    CodeDelivery delivery,
    CodeService codes,
    ExternalLoginService externalLogins,
    AppUrls urls,
    ExternalProviders providers,
    VerifyCodePage codePage,
    ActingAccount account,
    ReverificationService reverification) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var session = account.Session;
        var user = await account.GetUserAsync(cancellationToken);
        return View(new ProfileModel(session, UserService.HasPassword(user)));
    }

    [HttpGet("password")]
    public async Task<IActionResult> Password(CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        return View(new ChangePasswordInput { HasPassword = UserService.HasPassword(user) });
    }

    [HttpPost("password"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Password(ChangePasswordInput input, CancellationToken cancellationToken)
    {
        var session = account.Session;
        var user = await account.GetUserAsync(cancellationToken);
        var hasPassword = UserService.HasPassword(user);
        // Changing a password always needs the current one; setting a first one, a recent sign-in.
        var outcome = await reverification.CheckAsync(session, user, input.CurrentPassword, ModelState.IsValid, cancellationToken, ReverificationRule.PasswordAlways);
        ModelState.AddConfirmItsYouError(outcome, nameof(input.CurrentPassword), new(
            Missing: "Enter your current password.",
            Wrong: "That is not your current password.",
            // With no password to ask for, a fresh sign-in (by provider or code) is the proof (ASVS 7.5.1).
            NeedsFreshSignIn: $"Setting a password needs a fresh sign-in: sign out, sign in again, and come back within {reverification.WindowText}."));

        if (!ModelState.IsValid)
        {
            return View(input with { CurrentPassword = "", NewPassword = "", HasPassword = hasPassword });
        }

        await users.SetPasswordAsync(user, input.NewPassword, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.PasswordChanged, HttpContext, sessionId: session.Id);
        await reverification.MarkReverifiedAsync(HttpContext, session);
        var ended = input.SignOutOtherDevices
            ? await browserSessions.RevokeUserSessionsAsync(HttpContext, user.Id, session.Id, EndReasons.PasswordChanged)
            : 0;
        this.Notify(ended switch
        {
            0 when !hasPassword => "Your password is set. You can now sign in with it too.",
            0 => "Your password was changed.",
            1 => "Your password was changed and 1 other device was signed out.",
            _ => $"Your password was changed and {ended} other devices were signed out.",
        });
        return LocalRedirect(urls.Account.Profile());
    }

    [HttpGet("phone")]
    public async Task<IActionResult> Phone(CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        return View(new PhoneInput { Phone = user.Phone ?? "", Verified = user.PhoneVerifiedAt is not null });
    }

    /// <summary>Sends a code to the number; it is saved once the code comes back.</summary>
    [HttpPost("phone"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeSend)]
    public async Task<IActionResult> Phone(PhoneInput input, CancellationToken cancellationToken)
    {
        var phone = PhoneNumber.Normalize(input.Phone);
        if (phone is null)
        {
            ModelState.AddModelError(nameof(input.Phone), "Enter a phone number with its country code, like +44 7700 900123.");
            return View(input);
        }

        var user = await account.GetUserAsync(cancellationToken);
        var sent = await delivery.SendPhoneVerificationAsync(phone, user, HttpContext);
        if (!sent.Sent)
        {
            ModelState.AddModelError("", sent.Problem!);
            return View(input).AsRefusal(HttpContext, sent.RetryAfter);
        }

        return View("VerifyCode", codePage.Phone(phone));
    }

    [HttpPost("phone/verify"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeVerify)]
    public async Task<IActionResult> VerifyPhone(CodeVerifyInput input, CancellationToken cancellationToken)
    {
        if (PhoneNumber.Normalize(input.Phone) is not { } phone)
        {
            return LocalRedirect(urls.Account.Phone());
        }

        if (!ModelState.IsValid)
        {
            return View("VerifyCode", codePage.Phone(phone, this.FirstModelError()));
        }

        var session = account.Session;
        var check = await codes.ConsumeAsync(CodePurposes.VerifyPhone, phone, input.Code, cancellationToken);
        if (check.UserId != session.User.Id)
        {
            return View("VerifyCode", codePage.Phone(phone, check.Problem ?? CodeCheck.Wrong.Problem));
        }

        var user = await account.GetUserAsync(cancellationToken);
        if (!await users.SetVerifiedPhoneAsync(user, phone, cancellationToken))
        {
            return View("VerifyCode", codePage.Phone(phone, "This number is already verified on another account."));
        }

        this.Notify($"Your phone number {phone} is verified. You can now sign in with a text message.");
        return LocalRedirect(urls.Account.Profile());
    }

    [HttpGet("logins")]
    public async Task<IActionResult> Logins(CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        var logins = await externalLogins.ListAsync(user.Id, cancellationToken);
        return View(new LinkedLoginsModel(
            [.. logins.Select(l => new LinkedLogin(l.Id, providers.Find(l.Provider)?.DisplayName ?? l.Provider, l.Email, l.CreatedAt, l.LastUsedAt))],
            UserService.HasPassword(user)));
    }

    [HttpPost("logins/unlink"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Unlink(UnlinkInput input, CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        this.Notify(await externalLogins.UnlinkAsync(user, input.LoginId, HttpContext) switch
        {
            UnlinkResult.Unlinked => "Removed. That provider no longer signs you in to this account.",
            UnlinkResult.LastWayIn => "This is the only way to sign in to this account, so it stays linked.",
            _ => "That sign-in was already removed.",
        });
        return LocalRedirect(urls.Account.Logins());
    }

    [HttpGet("security")]
    public async Task<IActionResult> Security(int page, CancellationToken cancellationToken) =>
        View(await activity.PageAsync(account.Session.User.Id, page, cancellationToken));
}
