using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Tasks;

/// <summary>
/// Clerk's session tasks: a pending session counts as signed out until its task is done. Not
/// [Authorize]: the session this page serves is, by definition, not yet signed in. Choosing the new
/// password needs a code sent to the account's verified address: a pending session may be an
/// intruder's, and setting the password ends every other session — it must not lock the owner out.
/// </summary>
[Route("tasks")]
public sealed class TasksController(
    UserService users,
    BrowserSessions sessions,
    SecurityActivity activity,
    CodeDelivery delivery,
    CodeService codes,
    SecondFactors secondFactors,
    SessionStore store,
    IOptions<MfaSettings> mfa,
    AppUrls urls) : Controller
{
    [HttpGet("reset-password")]
    public async Task<IActionResult> ResetPassword(string? returnUrl, CancellationToken cancellationToken) =>
        PendingSession() is { } session && await users.FindAsync(session.User.Id, cancellationToken) is { } user
            ? View(Model(session, user, new ResetPasswordInput { ReturnUrl = returnUrl }))
            : this.RedirectToLocal(returnUrl);

    [HttpPost("reset-password/code"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.CodeSend), ForPendingSession]
    public async Task<IActionResult> SendCode(ResetPasswordCodeInput input, CancellationToken cancellationToken)
    {
        if (PendingSession() is not { } session || await users.FindAsync(session.User.Id, cancellationToken) is not { } user)
        {
            return this.RedirectToLocal(input.ReturnUrl);
        }

        ModelState.Clear();
        var sent = await delivery.SendAccountCodeAsync(CodePurposes.ResetPassword, user, HttpContext);
        if (!sent.Sent)
        {
            ModelState.AddModelError("", sent.Problem!);
        }

        return View(nameof(ResetPassword), Model(session, user, new ResetPasswordInput { ReturnUrl = input.ReturnUrl }, codeSent: sent.Sent));
    }

    [HttpPost("reset-password"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn), ForPendingSession]
    public async Task<IActionResult> ResetPassword(ResetPasswordInput input, CancellationToken cancellationToken)
    {
        if (PendingSession() is not { } session || await users.FindAsync(session.User.Id, cancellationToken) is not { } user)
        {
            return this.RedirectToLocal(input.ReturnUrl);
        }

        // Checked before the code, so a reused password does not use the code up; it tells nothing the
        // sign-in form does not, and only to a session that already signed in to this account. (The
        // errors are keyed Input.*, as the view names the fields.)
        if (ModelState.IsValid && UserService.HasPassword(user) && await users.CheckPasswordAsync(user, input.NewPassword, cancellationToken))
        {
            ModelState.AddModelError("Input.NewPassword", "Choose a password you haven't used here: this one is the password being replaced.");
        }

        if (ModelState.IsValid)
        {
            var check = await codes.ConsumeAsync(CodePurposes.ResetPassword, user.NormalizedEmail, input.Code, cancellationToken);
            if (check.UserId != user.Id)
            {
                ModelState.AddModelError("Input.Code", check.Problem ?? CodeCheck.Wrong.Problem!);
            }
        }

        if (!ModelState.IsValid)
        {
            return View(Model(session, user, input with { Code = "", NewPassword = "" }, codeSent: true));
        }

        await users.SetPasswordAsync(user, input.NewPassword, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.PasswordChanged, HttpContext, "reset-password-task", session.Id);
        await sessions.CompleteTaskAsync(HttpContext, session);
        this.Notify("Your new password is set.");
        if ((mfa.Value.Required || user.MfaRequired) && !await secondFactors.HasAnyAsync(user.Id, cancellationToken))
        {
            // The new password came first; the second factor the account must have is next.
            await store.MarkPendingAsync(user.Id, cancellationToken);
            return LocalRedirect(urls.Browser.SetupMfaTask(ControllerExtensions.LocalUrlOrHome(Url, input.ReturnUrl)));
        }

        return this.RedirectToLocal(input.ReturnUrl);
    }

    private static ResetPasswordModel Model(ClientSession session, User user, ResetPasswordInput input, bool codeSent = false) =>
        new(session, input, Masked(user.Email), codeSent);

    /// <summary>"a…@example.com": enough for the owner to recognise the address.</summary>
    private static string Masked(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "your email address" : $"{email[0]}…{email[at..]}";
    }

    /// <summary>The pending session the page serves: the one its form was rendered for, else the active one (<see cref="FormSessionHttpContextExtensions.GetRenderedSessionId"/>).</summary>
    private ClientSession? PendingSession()
    {
        var state = HttpContext.GetClientState();
        var session = HttpContext.GetRenderedSessionId() is { } rendered ? state.Find(rendered) : null;
        return session is { Status: SessionStatus.Pending, Task: SessionTasks.ResetPassword } ? session : null;
    }
}

/// <summary>The task page: whose session it is, what was typed, where the code goes (partly hidden), and whether it was sent.</summary>
public sealed record ResetPasswordModel(ClientSession Session, ResetPasswordInput Input, string MaskedEmail, bool CodeSent);
