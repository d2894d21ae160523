using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.TwoFactor;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

/// <summary>
/// Step-up on switch (<see cref="SwitchStepUp"/>): before an account that asks for it becomes the
/// browser's active account, or the account a tab acts as, the person proves it is them again — with
/// that account's own authenticator app or recovery code, else its password, else by signing in to it
/// again. Until then the browser stays with the account it had.
/// </summary>
[BrowserWide]
[Route("accounts/step-up")]
public sealed class StepUpController(
    SwitchStepUp stepUp,
    BrowserSessions browserSessions,
    SessionStore sessions,
    Authenticators authenticators,
    UserService users,
    SecurityActivity activity,
    SignInThrottle throttle,
    AppUrls urls) : Controller
{
    public const string WrongPasswordMessage = "That is not the password of this account.";
    public const string PasswordPausedMessage = "Too many wrong passwords for this account. Try again in 15 minutes, or sign in to it again.";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? session, string? returnUrl, bool open, CancellationToken cancellationToken)
    {
        var input = new StepUpInput { Session = session ?? "", ReturnUrl = returnUrl, Open = open };
        if (SignedInHere(input.Session) is not { } target)
        {
            return NotHere();
        }

        var proof = await stepUp.DueAsync(target, cancellationToken);
        return proof == StepUpProof.None && open ? this.RedirectToLocal(returnUrl) : Page(input, target, proof);
    }

    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Index(StepUpInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (SignedInHere(input.Session) is not { } target || await users.FindAsync(target.User.Id, cancellationToken) is not { } user)
        {
            return NotHere();
        }

        var proof = await stepUp.DueAsync(target, cancellationToken);
        var proved = proof switch
        {
            StepUpProof.None => true,
            StepUpProof.Code => await CheckCodeAsync(user, target, input, cancellationToken),
            StepUpProof.Password => await CheckPasswordAsync(user, target, input, cancellationToken),
            _ => false,
        };
        if (!proved)
        {
            return Page(input, target, proof);
        }

        if (proof != StepUpProof.None)
        {
            await activity.RecordAsync(user.Id, SecurityEventTypes.SteppedUp, HttpContext, sessionId: target.Id);
        }

        if (input.Open)
        {
            return this.RedirectToLocal(input.ReturnUrl);
        }

        return await browserSessions.SwitchAsync(HttpContext, target.Id, steppedUp: true) switch
        {
            SwitchOutcome.Switched { Session.Status: SessionStatus.Pending } => this.RedirectToTask(urls, input.ReturnUrl),
            SwitchOutcome.Switched => this.RedirectToLocal(input.ReturnUrl),
            SwitchOutcome.StepUpDue due => Page(input, target, due.Proof),
            _ => NotHere(),
        };
    }

    private async Task<bool> CheckCodeAsync(User user, ClientSession target, StepUpInput input, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Code) || !ModelState.IsValid)
        {
            ModelState.AddModelError(nameof(input.Code), "Enter the 6-digit code from the authenticator app of this account, or one of its recovery codes.");
            return false;
        }

        if (await throttle.SecondFactorPausedAsync(user, cancellationToken))
        {
            ModelState.AddModelError("", SecondStepController.PausedMessage);
            return false;
        }

        var check = await authenticators.CheckAsync(user.Id, input.Code, cancellationToken);
        if (check is SecondFactorCheck.Wrong or SecondFactorCheck.AlreadyUsed)
        {
            await activity.RecordAsync(user.Id, SecurityEventTypes.SecondFactorFailed, HttpContext, sessionId: target.Id);
            await throttle.RecordSecondFactorFailureAsync(user, cancellationToken);
            ModelState.AddModelError(nameof(input.Code), check == SecondFactorCheck.AlreadyUsed ? SecondStepController.UsedMessage : SecondStepController.WrongMessage);
            return false;
        }

        await sessions.MarkSecondFactorVerifiedAsync(HttpContext.GetClientState().ClientId!, target.Id, cancellationToken);
        if (check == SecondFactorCheck.AcceptedRecoveryCode)
        {
            await activity.RecordAsync(user.Id, SecurityEventTypes.RecoveryCodeUsed, HttpContext, sessionId: target.Id);
            this.Notify("You used a recovery code; it won't work again.");
        }

        return true;
    }

    private async Task<bool> CheckPasswordAsync(User user, ClientSession target, StepUpInput input, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(input.Password) || !ModelState.IsValid)
        {
            ModelState.AddModelError(nameof(input.Password), "Enter the password of this account.");
            return false;
        }

        if (await throttle.PasswordPausedAsync(user.NormalizedEmail, user, cancellationToken))
        {
            ModelState.AddModelError("", PasswordPausedMessage);
            return false;
        }

        if (!await users.CheckPasswordAsync(user, input.Password, cancellationToken))
        {
            await throttle.RecordPasswordFailureAsync(user.NormalizedEmail, user, cancellationToken);
            await activity.RecordAsync(user.Id, SecurityEventTypes.SignInFailed, HttpContext, SignInMethods.Password, target.Id);
            ModelState.AddModelError(nameof(input.Password), WrongPasswordMessage);
            return false;
        }

        await sessions.MarkReverifiedAsync(HttpContext.GetClientState().ClientId!, target.Id, cancellationToken);
        return true;
    }

    private ClientSession? SignedInHere(string sessionId) =>
        HttpContext.GetClientState().Find(sessionId) is { Status: SessionStatus.Active } session ? session : null;

    private LocalRedirectResult NotHere()
    {
        this.Notify(AccountsController.NotSignedInHere);
        return LocalRedirect(urls.Browser.Chooser());
    }

    private ViewResult Page(StepUpInput input, ClientSession target, StepUpProof proof) =>
        View("Index", new StepUpModel(
            input with { Code = null, Password = null },
            target,
            proof,
            // Cancelling an opened tab goes home: back to its address would only ask again.
            CancelUrl: input.Open ? urls.Browser.Home() : ControllerExtensions.LocalUrlOrHome(Url, input.ReturnUrl),
            SignInAgainUrl: urls.Browser.SignIn(input.ReturnUrl, target.User.Email)));
}

/// <summary>The step-up form: which session, the proof, and where to go after.</summary>
public sealed record StepUpInput
{
    [StringLength(64)]
    public string Session { get; init; } = "";

    [StringLength(64, ErrorMessage = "Enter the 6-digit code from the authenticator app of this account, or one of its recovery codes.")]
    public string? Code { get; init; }

    [StringLength(Limits.PasswordMaxLength, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    public string? Password { get; init; }

    public string? ReturnUrl { get; init; }

    /// <summary>A tab opens the account under its <c>/u/{slot}/</c>: proved, the browser's active account stays as it is.</summary>
    public bool Open { get; init; }
}

public sealed record StepUpModel(StepUpInput Input, ClientSession Target, StepUpProof Proof, string CancelUrl, string SignInAgainUrl);
