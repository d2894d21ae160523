using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

/// <summary>Every way in: password, a code by email, a code by SMS. Each adds the account to this browser.</summary>
[BrowserWide]
[Route("sign-in")]
public sealed class SignInController(
    UserService users,
    SignInCompletion completion,
    SecurityActivity activity,
    CodeDelivery delivery,
    CodeService codes,
    SignInThrottle throttle,
    SessionMetrics metrics,
    VerifyCodePage codePage) : Controller
{
    /// <param name="returnUrl">Where to go once signed in.</param>
    /// <param name="email">Filled in when a remembered account is chosen ("Signed out — sign in again").</param>
    /// <param name="error">Set by a provider sign-in that failed (see <c>External/</c>).</param>
    [HttpGet("")]
    public IActionResult Index(string? returnUrl, string? email, string? error)
    {
        if (error switch
        {
            "denied" => "Sign-in with the provider was cancelled, so nothing changed. Sign in another way or try again.",
            "external" => "Sign-in with the provider didn't complete: it took too long, was started in another tab, or the provider answered with an error. Please try again.",
            "unavailable" => "Sign-in with the provider couldn't start: the provider didn't answer or refused the request. Please try again in a moment, or sign in another way.",
            _ => null,
        } is { } message)
        {
            ModelState.AddModelError("", message);
        }

        return View(new SignInInput { ReturnUrl = returnUrl, Email = email?.Length <= Limits.EmailLength ? email : "" });
    }

    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Index(SignInInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(input with { Password = "" });
        }

        var email = UserService.NormalizeEmail(input.Email);
        var account = await users.FindByEmailAsync(email, cancellationToken);
        if (await throttle.TryAcquireAsync(email, account, cancellationToken) is { } wait)
        {
            return this.TooManyAttempts(wait);
        }

        // Counted per address, not per account, so an address without one is paused and answered alike.
        if (await throttle.PasswordPausedAsync(email, account, cancellationToken))
        {
            ModelState.AddModelError("", "Too many wrong passwords for this account. Password sign-in is paused for 15 minutes; you can still sign in with a code by email.");
            return View(input with { Password = "" });
        }

        var check = await users.CheckSignInPasswordAsync(account, input.Password, cancellationToken);
        if (check is not { Succeeded: true, User: { } user })
        {
            await throttle.RecordPasswordFailureAsync(email, account, cancellationToken);
            var pausedNow = await throttle.PasswordPausedAsync(email, account, cancellationToken);
            if (check.User is { } known)
            {
                await activity.RecordAsync(known.Id, SecurityEventTypes.SignInFailed, HttpContext, SignInMethods.Password);
                if (pausedNow)
                {
                    await activity.RecordAsync(known.Id, SecurityEventTypes.PasswordSignInPaused, HttpContext);
                }
            }

            metrics.SignInAttempted(SignInMethods.Password, "invalid_credentials");
            // One message for an unknown email and a wrong password: the form must not reveal who has an account.
            ModelState.AddModelError("", "Email or password is incorrect.");
            return View(input with { Password = "" });
        }

        return await completion.CompleteAsync(this, user, SignInMethods.Password, input.ReturnUrl, () => View(input with { Password = "" }));
    }

    [HttpGet("code")]
    public IActionResult Code(string? channel, string? returnUrl) =>
        View(new CodeRequestInput { ReturnUrl = returnUrl, Phone = channel == "sms" ? "" : null });

    [HttpPost("code"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeSend)]
    public async Task<IActionResult> Code(CodeRequestInput input, CancellationToken cancellationToken)
    {
        var phone = input.BySms ? PhoneNumber.Normalize(input.Phone) : null;
        if (input.BySms && phone is null)
        {
            ModelState.AddModelError(nameof(input.Phone), "Enter a phone number with its country code, like +44 7700 900123.");
        }
        else if (!input.BySms && string.IsNullOrWhiteSpace(input.Email))
        {
            ModelState.AddModelError(nameof(input.Email), "Enter your email address.");
        }

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        // Whether or not the identifier has an account, the answer is the same page.
        var sent = phone is not null
            ? await delivery.SendSignInCodeBySmsAsync(phone, await users.FindByVerifiedPhoneAsync(phone, cancellationToken), HttpContext)
            : await delivery.SendSignInCodeByEmailAsync(input.Email!, await users.FindByEmailAsync(input.Email!, cancellationToken), HttpContext);
        if (!sent.Sent)
        {
            ModelState.AddModelError("", sent.Problem!);
            return View(input).AsRefusal(HttpContext, sent.RetryAfter);
        }

        return View("VerifyCode", codePage.SignIn(input.Email?.Trim(), phone, input.ReturnUrl));
    }

    [HttpPost("code/verify"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeVerify)]
    public async Task<IActionResult> VerifyCode(CodeVerifyInput input, CancellationToken cancellationToken)
    {
        var phone = input.Email is null ? PhoneNumber.Normalize(input.Phone) : null;
        if (input.Email is null && phone is null)
        {
            return RedirectToAction(nameof(Code));
        }

        if (!ModelState.IsValid)
        {
            return View("VerifyCode", codePage.SignIn(input.Email, phone, input.ReturnUrl, this.FirstModelError()));
        }

        var identifier = phone ?? UserService.NormalizeEmail(input.Email!);
        var account = phone is not null
            ? await users.FindByVerifiedPhoneAsync(phone, cancellationToken)
            : await users.FindByEmailAsync(identifier, cancellationToken);
        if (await throttle.TryAcquireAsync(identifier, account, cancellationToken) is { } wait)
        {
            return this.TooManyAttempts(wait);
        }

        var check = phone is not null
            ? await codes.ConsumeAsync(CodePurposes.SignInBySms, phone, input.Code, cancellationToken)
            : await codes.ConsumeAsync(CodePurposes.SignInByEmail, identifier, input.Code, cancellationToken);
        var user = check.UserId is null ? null
            : check.UserId == account?.Id ? account
            : await users.FindAsync(check.UserId, cancellationToken);
        if (user is null)
        {
            metrics.SignInAttempted(phone is null ? SignInMethods.EmailCode : SignInMethods.SmsCode, "invalid_code");
            return View("VerifyCode", codePage.SignIn(input.Email, phone, input.ReturnUrl, check.Problem ?? CodeCheck.Wrong.Problem));
        }

        if (phone is null)
        {
            // The code reached the inbox: that proves the address, and a first proof resets what was set before it.
            await users.ProveEmailAsync(user, cancellationToken);
        }

        var method = phone is null ? SignInMethods.EmailCode : SignInMethods.SmsCode;
        return await completion.CompleteAsync(this, user, method, input.ReturnUrl,
            () => View("VerifyCode", codePage.SignIn(input.Email, phone, input.ReturnUrl)));
    }
}
