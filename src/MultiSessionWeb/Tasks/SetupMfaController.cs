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

namespace MultiSessionWeb.Tasks;

/// <summary>
/// Clerk's setup-mfa task: the account must have a second factor and has none, so its session waits
/// here until an authenticator app is set up. When the app was set up meanwhile (in another browser),
/// a code from it completes the task instead: a pending session proved only the first factor.
/// </summary>
[Route("tasks/setup-mfa")]
public sealed class SetupMfaController(
    Authenticators authenticators, SecondFactors secondFactors, BrowserSessions sessions, SessionStore store, SecurityActivity activity) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? returnUrl, CancellationToken cancellationToken) =>
        PendingSession() is { } session ? await PageAsync(session, returnUrl, cancellationToken) : this.RedirectToLocal(returnUrl);

    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn), ForPendingSession]
    public async Task<IActionResult> Index(SetupMfaInput input, CancellationToken cancellationToken)
    {
        if (PendingSession() is not { } session)
        {
            return this.RedirectToLocal(input.ReturnUrl);
        }

        var userId = session.User.Id;
        IReadOnlyList<string>? codes = null;
        var done = ModelState.IsValid && (await secondFactors.HasAuthenticatorAsync(userId, cancellationToken)
            ? await authenticators.CheckAsync(userId, input.Code, cancellationToken) is SecondFactorCheck.Accepted or SecondFactorCheck.AcceptedRecoveryCode
            : (codes = await authenticators.ConfirmAsync(userId, input.Code, cancellationToken)) is not null);
        if (!done)
        {
            if (ModelState.IsValid)
            {
                ModelState.AddModelError(nameof(input.Code), "That code isn't right. Enter the 6-digit code your authenticator app shows now.");
            }

            return await PageAsync(session, input.ReturnUrl, cancellationToken);
        }

        await store.MarkSecondFactorVerifiedAsync(HttpContext.GetClientState().ClientId!, session.Id, cancellationToken);
        // A second factor was added, not a password changed: the account's other sessions stay as they were.
        await sessions.CompleteTaskAsync(HttpContext, session, endOtherSessions: false);
        if (codes is null)
        {
            return this.RedirectToLocal(input.ReturnUrl);
        }

        await activity.RecordAsync(userId, SecurityEventTypes.TwoFactorEnabled, HttpContext, "setup-mfa-task", session.Id);
        return View("~/Views/TwoFactor/RecoveryCodes.cshtml", new RecoveryCodesModel(codes, JustTurnedOn: true));
    }

    private async Task<ViewResult> PageAsync(ClientSession session, string? returnUrl, CancellationToken cancellationToken)
    {
        if (await secondFactors.HasAuthenticatorAsync(session.User.Id, cancellationToken))
        {
            return View("~/Views/Tasks/SetupMfa.cshtml", new SetupMfaModel(session, returnUrl, null, null));
        }

        var secret = (await authenticators.SetUpSecretAsync(session.User.Id, cancellationToken))!;
        return View("~/Views/Tasks/SetupMfa.cshtml", new SetupMfaModel(session, returnUrl, TotpCodes.QrSvg(TotpCodes.Uri(secret, session.User.Email)), TotpCodes.Grouped(secret)));
    }

    /// <summary>The pending session with this task that the page serves (<see cref="FormSessionHttpContextExtensions.GetRenderedSessionId"/>).</summary>
    private ClientSession? PendingSession()
    {
        var state = HttpContext.GetClientState();
        var session = HttpContext.GetRenderedSessionId() is { } rendered ? state.Find(rendered) : null;
        return session is { Status: SessionStatus.Pending, Task: SessionTasks.SetupMfa } ? session : null;
    }
}

public sealed record SetupMfaInput
{
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [System.ComponentModel.DataAnnotations.StringLength(64, ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    public string Code { get; init; } = "";

    public string? ReturnUrl { get; init; }
}

/// <summary>The task page: whose session, and the QR code and key to set up (null when the app is set up and only its code is asked).</summary>
public sealed record SetupMfaModel(ClientSession Session, string? ReturnUrl, string? QrSvg, string? Secret);
