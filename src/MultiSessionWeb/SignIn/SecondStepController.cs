using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.TwoFactor;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

/// <summary>
/// The second step of a sign-in: the password or code was right, and the account asks for its
/// authenticator app or a recovery code before a session exists. The half-done sign-in belongs to this
/// browser, lasts five minutes and takes five wrong codes.
/// </summary>
[BrowserWide]
[Route("sign-in/second-step")]
public sealed class SecondStepController(
    PendingSignIns pendingSignIns,
    Authenticators authenticators,
    UserService users,
    SignInCompletion completion,
    SecurityActivity activity,
    SignInThrottle throttle,
    AppUrls urls) : Controller
{
    public const string GoneMessage = "This sign-in has expired or was started in another browser. Sign in again.";
    public const string LockedMessage = "Too many wrong codes. Sign in again to get another try.";
    public const string WrongMessage = "That code isn't right. Check your authenticator app and try again.";
    public const string PausedMessage = "Too many wrong codes for this account. Two-step sign-in is paused for a while; try again later.";
    public const string UsedMessage = "That code has already been used. Wait for the next code in your authenticator app.";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? id, string? returnUrl, CancellationToken cancellationToken)
    {
        var (state, _) = await pendingSignIns.FindAsync(id, ClientId(), cancellationToken);
        return Page(new SecondStepInput { Id = id ?? "", ReturnUrl = returnUrl }, state);
    }

    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Index(SecondStepInput input, CancellationToken cancellationToken)
    {
        var (state, pending) = await pendingSignIns.FindAsync(input.Id, ClientId(), cancellationToken);
        if (state != PendingSignInState.Open || pending is null || await users.FindAsync(pending.UserId, cancellationToken) is not { } user)
        {
            return Page(input, state == PendingSignInState.Open ? PendingSignInState.Gone : state);
        }

        if (!ModelState.IsValid)
        {
            return Page(input, state);
        }

        if (await throttle.SecondFactorPausedAsync(user, cancellationToken))
        {
            ModelState.AddModelError("", PausedMessage);
            return Page(input, state);
        }

        if (!await pendingSignIns.CountAttemptAsync(pending, cancellationToken))
        {
            return Page(input, PendingSignInState.Locked);
        }

        var check = await authenticators.CheckAsync(user.Id, input.Code, cancellationToken);
        if (check is SecondFactorCheck.Wrong or SecondFactorCheck.AlreadyUsed)
        {
            await activity.RecordAsync(user.Id, SecurityEventTypes.SecondFactorFailed, HttpContext);
            await throttle.RecordSecondFactorFailureAsync(user, cancellationToken);
            if (await pendingSignIns.FailedAsync(pending, cancellationToken))
            {
                return Page(input, PendingSignInState.Locked);
            }

            ModelState.AddModelError(nameof(input.Code), check == SecondFactorCheck.AlreadyUsed ? UsedMessage : WrongMessage);
            return Page(input, state);
        }

        if (!await pendingSignIns.FinishAsync(pending.Id, cancellationToken))
        {
            return Page(input, PendingSignInState.Gone);
        }

        if (check == SecondFactorCheck.AcceptedRecoveryCode)
        {
            await activity.RecordAsync(user.Id, SecurityEventTypes.RecoveryCodeUsed, HttpContext);
            this.Notify("You signed in with a recovery code; it won't work again. Make new ones on the two-step verification page if you're running low.");
        }

        return await completion.CompleteSecondStepAsync(this, user, pending.Method, input.ReturnUrl,
            () => Page(input with { Code = "" }, PendingSignInState.Gone));
    }

    private ViewResult Page(SecondStepInput input, PendingSignInState state)
    {
        if (state != PendingSignInState.Open)
        {
            ModelState.AddModelError("", state == PendingSignInState.Locked ? LockedMessage : GoneMessage);
        }

        return View("Index", new SecondStepModel(input with { Code = "" }, state == PendingSignInState.Open, urls.Browser.SignIn(input.ReturnUrl)));
    }

    private string? ClientId() => HttpContext.GetClientState().ClientId;
}

/// <summary>The second step's form: the half-done sign-in, and a code from the app or a recovery code.</summary>
public sealed record SecondStepInput
{
    [StringLength(64)]
    public string Id { get; init; } = "";

    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app, or a recovery code.")]
    [StringLength(64, ErrorMessage = "Enter the 6-digit code from your authenticator app, or a recovery code.")]
    public string Code { get; init; } = "";

    public string? ReturnUrl { get; init; }
}

public sealed record SecondStepModel(SecondStepInput Input, bool CanEnterCode, string SignInAgainUrl);
