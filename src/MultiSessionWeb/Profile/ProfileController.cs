using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Profile;

/// <summary>The signed-in user's own account: profile, password, security activity.</summary>
[Authorize]
[Route("account")]
public sealed class ProfileController(UserService users, SessionService sessions, SecurityActivity activity) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(ActingSession());

    [HttpGet("password")]
    public IActionResult Password() => View(new ChangePasswordInput());

    [HttpPost("password"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Password(ChangePasswordInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var session = ActingSession();
        var user = await users.FindAsync(session.User.Id, cancellationToken);
        if (ModelState.IsValid && !await users.VerifyAsync(user!, input.CurrentPassword, cancellationToken))
        {
            ModelState.AddModelError(nameof(input.CurrentPassword), "That is not your current password.");
        }

        if (!ModelState.IsValid)
        {
            return View(input with { CurrentPassword = "", NewPassword = "" });
        }

        await users.SetPasswordAsync(user!, input.NewPassword, cancellationToken);
        await activity.RecordAsync(user!.Id, SecurityEventTypes.PasswordChanged, HttpContext, sessionId: session.Id);
        await sessions.VerifyAsync(session.Id, cancellationToken);
        var ended = input.SignOutOtherDevices
            ? await sessions.RevokeUserSessionsAsync(user.Id, session.Id, EndReasons.PasswordChanged, HttpContext)
            : 0;
        this.Notify(ended switch
        {
            0 => "Your password was changed.",
            1 => "Your password was changed and 1 other device was signed out.",
            _ => $"Your password was changed and {ended} other devices were signed out.",
        });
        return LocalRedirect("~/account");
    }

    [HttpGet("security")]
    public async Task<IActionResult> Security(int page, CancellationToken cancellationToken) =>
        View(await activity.PageAsync(ActingSession().User.Id, page, cancellationToken));

    private ClientSession ActingSession() => HttpContext.GetClientState().Find(HttpContext.GetActingSessionId()!)!;
}
