using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Tasks;

/// <summary>
/// Clerk's session tasks: a pending session counts as signed out until its task is done. Not
/// [Authorize]: the session this page serves is, by definition, not yet signed in.
/// </summary>
[Route("tasks")]
public sealed class TasksController(UserService users, SessionService sessions, SecurityActivity activity) : Controller
{
    [HttpGet("reset-password")]
    public IActionResult ResetPassword(string? returnUrl) =>
        PendingSession() is { } session
            ? View(new ResetPasswordModel(session, new ResetPasswordInput { ReturnUrl = returnUrl }))
            : this.RedirectToLocal(returnUrl);

    [HttpPost("reset-password"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn), ForPendingSession]
    public async Task<IActionResult> ResetPassword(ResetPasswordInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (PendingSession() is not { } session)
        {
            return this.RedirectToLocal(input.ReturnUrl);
        }

        if (!ModelState.IsValid)
        {
            return View(new ResetPasswordModel(session, input with { NewPassword = "" }));
        }

        var user = await users.FindAsync(session.User.Id, cancellationToken);
        await users.SetPasswordAsync(user!, input.NewPassword, cancellationToken);
        await activity.RecordAsync(user!.Id, SecurityEventTypes.PasswordChanged, HttpContext, "reset-password-task", session.Id);
        await sessions.CompleteTaskAsync(HttpContext, session);
        this.Notify("Your new password is set.");
        return this.RedirectToLocal(input.ReturnUrl);
    }

    /// <summary>The pending session the page serves: the one its form was rendered for, else the active one.</summary>
    private ClientSession? PendingSession()
    {
        var state = HttpContext.GetClientState();
        var session = HttpContext.GetActingSessionId() is { } acting ? state.Find(acting) : state.Active;
        return session is { Status: SessionStatus.Pending } ? session : null;
    }
}

public sealed record ResetPasswordModel(ClientSession Session, ResetPasswordInput Input);
