using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.SignIn;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignUp;

/// <summary>
/// Creating an account: the address is proved with a code before any account exists (an unproved
/// sign-up grants nothing). The answer is the same "check your email" page, after the same work,
/// whether or not the address already has an account, so the form tells nobody who is registered.
/// </summary>
[BrowserWide]
[Route("sign-up")]
public sealed class SignUpController(
    UserService users, BrowserSessions sessions, CodeDelivery delivery, CodeService codes, PendingSignUps pending, IdentifierLimiter identifiers,
    SignInCompletion completion, VerifyCodePage codePage) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? returnUrl) => View(new SignUpInput { ReturnUrl = returnUrl });

    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignUp)]
    public async Task<IActionResult> Index(SignUpInput input, CancellationToken cancellationToken)
    {
        if (SignInCompletion.RefusalMessage(sessions.CheckRoomForAccount(HttpContext)) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
        }

        if (!ModelState.IsValid || EmailAddresses.Canonical(input.Email) is not { } email)
        {
            return View(input with { Password = "" });
        }

        var (signUp, sealedSignUp) = pending.Start(input.Name, email, input.Password);
        var sent = await delivery.SendSignUpCodeAsync(email, signUp.UserId, await users.FindByEmailAsync(email, cancellationToken), HttpContext);
        if (!sent.Sent)
        {
            ModelState.AddModelError("", sent.Problem!);
            return View(input with { Password = "" });
        }

        return View("VerifyCode", codePage.SignUp(email, sealedSignUp, input.ReturnUrl));
    }

    [HttpPost("verify"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeVerify)]
    public async Task<IActionResult> Verify(SignUpCodeInput input, CancellationToken cancellationToken)
    {
        if (pending.Read(input.SignUp) is not { } signUp)
        {
            return StartAgain();
        }

        if (!ModelState.IsValid)
        {
            return View("VerifyCode", codePage.SignUp(signUp.Email, input.SignUp!, input.ReturnUrl, this.FirstModelError()));
        }

        if (await identifiers.TryAcquireAsync(signUp.Email, cancellationToken) is { } wait)
        {
            return this.TooManyAttempts(wait);
        }

        // The code was issued for this sign-up's future account id: a code sent for anyone else's sign-up does not fit.
        var check = await codes.ConsumeAsync(CodePurposes.VerifyEmail, UserService.NormalizeEmail(signUp.Email), input.Code, cancellationToken);
        if (check.UserId != signUp.UserId)
        {
            return View("VerifyCode", codePage.SignUp(signUp.Email, input.SignUp!, input.ReturnUrl, check.Problem ?? CodeCheck.Wrong.Problem));
        }

        var user = await users.CreateProvedAsync(signUp.UserId, signUp.Email, signUp.Name, signUp.PasswordHash, cancellationToken);
        return await completion.CompleteAsync(this, user, SignInMethods.SignUp, input.ReturnUrl,
            () => View("VerifyCode", codePage.SignUp(signUp.Email, input.SignUp!, input.ReturnUrl)));
    }

    [HttpPost("resend"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeSend)]
    public async Task<IActionResult> Resend(SignUpCodeInput input, CancellationToken cancellationToken)
    {
        if (pending.Read(input.SignUp) is not { } signUp)
        {
            return StartAgain();
        }

        var sent = await delivery.SendSignUpCodeAsync(signUp.Email, signUp.UserId, await users.FindByEmailAsync(signUp.Email, cancellationToken), HttpContext);
        return View("VerifyCode", codePage.SignUp(signUp.Email, input.SignUp!, input.ReturnUrl, sent.Problem) with
        {
            Notice = sent.Sent ? "We sent a new code." : null,
        });
    }

    private ViewResult StartAgain()
    {
        ModelState.AddModelError("", "That sign-up has expired or was started elsewhere. Please fill in the form again.");
        return View(nameof(Index), new SignUpInput());
    }
}
