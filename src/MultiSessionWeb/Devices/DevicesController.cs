using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Profile;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Devices;

/// <summary>Every session of the account on every browser; signing other devices out needs a fresh password (ASVS 7.5.2).</summary>
[Authorize]
[Route("account/devices")]
public sealed class DevicesController(UserService users, SessionStore sessions, BrowserSessions browserSessions, ActingAccount account, AppUrls urls) : Controller
{
    private const string ConfirmFirst = "Confirm your password first: signing out other devices needs it within the last 10 minutes.";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var session = ActingSession();
        return View(new DevicesModel(
            await sessions.ListUserSessionsAsync(session.User.Id, cancellationToken),
            session.Id,
            sessions.IsRecentlyVerified(session),
            new ConfirmPasswordInput()));
    }

    [HttpPost("confirm"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Confirm(ConfirmPasswordInput input, CancellationToken cancellationToken)
    {
        var session = ActingSession();
        var user = await account.GetUserAsync(cancellationToken);
        if (ModelState.IsValid && !await users.CheckPasswordAsync(user, input.Password, cancellationToken))
        {
            // Keyed like the field the form posts: Input.Password.
            ModelState.AddModelError($"{nameof(input)}.{nameof(input.Password)}", "That is not your password.");
        }

        if (!ModelState.IsValid)
        {
            var devices = await sessions.ListUserSessionsAsync(session.User.Id, cancellationToken);
            return View(nameof(Index), new DevicesModel(devices, session.Id, Verified: false, input with { Password = "" }));
        }

        await sessions.MarkReverifiedAsync(HttpContext.GetClientState().ClientId!, session.Id, HttpContext.RequestAborted);
        return LocalRedirect(urls.Account.Devices());
    }

    [HttpPost("sign-out"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOut(SessionInput input, CancellationToken cancellationToken)
    {
        var session = ActingSession();
        if (!sessions.IsRecentlyVerified(session))
        {
            this.Notify(ConfirmFirst);
            return LocalRedirect(urls.Account.Devices());
        }

        // Only the account's own other sessions: never this one (that is "Sign out"), never someone else's.
        var own = await sessions.ListUserSessionsAsync(session.User.Id, cancellationToken);
        var revoked = input.SessionId != session.Id && own.Any(s => s.Id == input.SessionId)
            && await browserSessions.RevokeAsync(HttpContext, input.SessionId, EndReasons.SignedOutFromAnotherDevice);
        this.Notify(revoked ? "That device was signed out." : "That device isn't signed in any more.");
        return LocalRedirect(urls.Account.Devices());
    }

    [HttpPost("sign-out-others"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOutOthers()
    {
        var session = ActingSession();
        if (!sessions.IsRecentlyVerified(session))
        {
            this.Notify(ConfirmFirst);
            return LocalRedirect(urls.Account.Devices());
        }

        var ended = await browserSessions.RevokeUserSessionsAsync(HttpContext, session.User.Id, session.Id, EndReasons.SignedOutFromAnotherDevice);
        this.Notify(ended == 1 ? "1 other device was signed out." : $"{ended} other devices were signed out.");
        return LocalRedirect(urls.Account.Devices());
    }

    private ClientSession ActingSession() => HttpContext.GetActingSession();
}

public sealed record DevicesModel(IReadOnlyList<DeviceSession> Sessions, string ThisSessionId, bool Verified, ConfirmPasswordInput Input);
