using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.SignIn;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignUp;

/// <summary>
/// Creating an account: the address is proved with a code before the account can sign in (Clerk's
/// default). The answer is the same "check your email" page whether or not the address already has
/// an account, so the form tells nobody who is registered.
/// </summary>
[BrowserWide]
[Route("sign-up")]
public sealed class SignUpController(
    UserService users, SessionService sessions, CodeDelivery delivery, CodeService codes, IdentifierLimiter identifiers) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? returnUrl) => View(new SignUpInput { ReturnUrl = returnUrl });

    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignUp)]
    public async Task<IActionResult> Index(SignUpInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (SignInFlow.RefusalMessage(sessions.CheckRoomForAccount(HttpContext)) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
        }

        if (!ModelState.IsValid)
        {
            return View(input with { Password = "" });
        }

        var unverified = await users.RegisterAsync(input.Name, input.Email, input.Password, cancellationToken);
        var sent = await delivery.SendEmailVerificationAsync(input.Email, unverified, HttpContext);
        if (!sent.Sent)
        {
            ModelState.AddModelError("", sent.Problem!);
            return View(input with { Password = "" });
        }

        return View("VerifyCode", this.EmailVerificationModel(input.Email, input.ReturnUrl, delivery.Lifetime));
    }

    [HttpPost("verify"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeVerify)]
    public async Task<IActionResult> Verify(CodeVerifyInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Email) || input.Email.Length > Limits.EmailLength)
        {
            return RedirectToAction(nameof(Index));
        }

        if (!ModelState.IsValid)
        {
            var problem = ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage;
            return View("VerifyCode", this.EmailVerificationModel(input.Email, input.ReturnUrl, delivery.Lifetime, problem));
        }

        if (!identifiers.TryAcquire(input.Email.Trim(), out var wait))
        {
            return this.TooManyAttempts(wait);
        }

        var check = await codes.VerifyAsync(CodePurposes.VerifyEmail, UserService.NormalizeEmail(input.Email), input.Code, cancellationToken);
        var user = check.UserId is null ? null : await users.FindAsync(check.UserId, cancellationToken);
        if (user is null)
        {
            return View("VerifyCode", this.EmailVerificationModel(input.Email, input.ReturnUrl, delivery.Lifetime, check.Problem ?? CodeCheck.Wrong.Problem));
        }

        await users.MarkEmailVerifiedAsync(user, cancellationToken);
        return await this.FinishSignInAsync(sessions, user, SignInMethods.SignUp, input.ReturnUrl,
            () => View("VerifyCode", this.EmailVerificationModel(input.Email, input.ReturnUrl, delivery.Lifetime)));
    }

    [HttpPost("resend"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeSend)]
    public async Task<IActionResult> Resend(CodeVerifyInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Email) || input.Email.Length > Limits.EmailLength)
        {
            return RedirectToAction(nameof(Index));
        }

        var user = await users.FindByEmailAsync(input.Email, cancellationToken);
        var sent = await delivery.SendEmailVerificationAsync(input.Email, user is { EmailVerifiedAt: null } ? user : null, HttpContext);
        return View("VerifyCode", this.EmailVerificationModel(input.Email, input.ReturnUrl, delivery.Lifetime, sent.Problem) with
        {
            Notice = sent.Sent ? "We sent a new code." : null,
        });
    }
}
