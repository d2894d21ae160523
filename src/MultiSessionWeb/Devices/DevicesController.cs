using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Data;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Reverification;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Devices;

/// <summary>Every session of the account on every browser; signing other devices out needs a fresh password (ASVS 7.5.2).</summary>
[Authorize]
[Route("account/devices")]
public sealed class DevicesController(
    SessionStore sessions, BrowserSessions browserSessions, ReverificationService reverification, ActingAccount account, AppUrls urls) : Controller
{
    /// <summary>Also shown on the page, to an account with no password past the window.</summary>
    public static string NeedsFreshSignIn(string window) =>
        $"Signing out other devices needs a fresh sign-in: sign out, sign in again, and come back within {window}.";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var session = account.Session;
        var user = await account.GetUserAsync(cancellationToken);
        return View(new DevicesModel(
            await sessions.ListUserSessionsAsync(session.User.Id, cancellationToken),
            session.Id,
            reverification.Needs(session, user),
            new ConfirmItsYouInput()));
    }

    [HttpPost("confirm"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Confirm(ConfirmItsYouInput input, CancellationToken cancellationToken)
    {
        var session = account.Session;
        var user = await account.GetUserAsync(cancellationToken);
        // The button checks the password it was given, even if another tab confirmed meanwhile.
        var outcome = await reverification.CheckAsync(session, user, input.Password, ModelState.IsValid, cancellationToken, ReverificationRule.PasswordAlways);
        // Keyed like the field the form posts: Input.Password.
        ModelState.AddConfirmItsYouError(outcome, $"{nameof(DevicesModel.Input)}.{nameof(input.Password)}", new(
            Missing: "Enter your password.",
            Wrong: "That is not your password.",
            NeedsFreshSignIn: NeedsFreshSignIn(reverification.WindowText)));

        if (!ModelState.IsValid)
        {
            var devices = await sessions.ListUserSessionsAsync(session.User.Id, cancellationToken);
            return View(nameof(Index), new DevicesModel(devices, session.Id, reverification.Needs(session, user, ReverificationRule.PasswordAlways), input with { Password = "" }));
        }

        if (outcome == ReverificationOutcome.Confirmed)
        {
            await reverification.MarkReverifiedAsync(HttpContext, session);
        }

        return LocalRedirect(urls.Account.Devices());
    }

    [HttpPost("sign-out"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOut(SessionInput input, CancellationToken cancellationToken)
    {
        var session = account.Session;
        if (await ConfirmFirstAsync(session, cancellationToken) is { } confirmFirst)
        {
            this.Notify(confirmFirst);
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
    public async Task<IActionResult> SignOutOthers(CancellationToken cancellationToken)
    {
        var session = account.Session;
        if (await ConfirmFirstAsync(session, cancellationToken) is { } confirmFirst)
        {
            this.Notify(confirmFirst);
            return LocalRedirect(urls.Account.Devices());
        }

        var ended = await browserSessions.RevokeUserSessionsAsync(HttpContext, session.User.Id, session.Id, EndReasons.SignedOutFromAnotherDevice);
        this.Notify(ended == 1 ? "1 other device was signed out." : $"{ended} other devices were signed out.");
        return LocalRedirect(urls.Account.Devices());
    }

    /// <summary>Null when the session proved it within the window, else what to do first.</summary>
    private async Task<string?> ConfirmFirstAsync(ClientSession session, CancellationToken cancellationToken)
    {
        if (reverification.IsRecent(session))
        {
            return null;
        }

        var user = await account.GetUserAsync(cancellationToken);
        return reverification.Needs(session, user) == ConfirmWith.FreshSignIn
            ? NeedsFreshSignIn(reverification.WindowText)
            : $"Confirm your password first: signing out other devices needs it within the last {reverification.WindowText}.";
    }

}

/// <summary>The devices page: the account's sessions, and what it asks before signing others out.</summary>
public sealed record DevicesModel(IReadOnlyList<DeviceSession> Sessions, string ThisSessionId, ConfirmWith Needs, ConfirmItsYouInput Input);
