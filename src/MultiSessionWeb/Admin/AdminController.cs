using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Admin;

/// <summary>
/// Users and their sessions, for the accounts in <c>Admin:Emails</c> (ASVS 7.4.2, 7.4.5). Every action
/// that ends sessions or locks an account out first shows what it will do and acts only when that page
/// is confirmed (<c>Confirmed=true</c>), so a stray click or a form posted from elsewhere changes nothing.
/// </summary>
[Authorize(Policy = AdminAuthorization.Policy)]
[Route("admin")]
public sealed class AdminController(
    UserService users, SessionStore sessions, BrowserSessions browserSessions, SecurityActivity activity, SecondFactors secondFactors, AppUrls urls) : Controller
{
    private const int ListSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken) =>
        View(new AdminUsersModel(q, await users.ListAsync(q, ListSize, cancellationToken)));

    [HttpGet("users/{id}")]
    public async Task<IActionResult> UserDetails(string id, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(id, cancellationToken);
        return user is null
            ? NotFound()
            : View(new AdminUserModel(user, await sessions.ListUserSessionsAsync(user.Id, cancellationToken)));
    }

    [HttpPost("users/{id}/end-session"), ValidateAntiForgeryToken]
    public async Task<IActionResult> EndSession(string id, AdminSessionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await users.FindAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var own = await sessions.ListUserSessionsAsync(id, cancellationToken);
        if (!input.Confirmed && own.FirstOrDefault(s => s.Id == input.SessionId) is { } session)
        {
            return Confirm(user, "end-session", $"End the session of {user.Email} on {session.Device}?",
                "That browser is signed out of this account at once.", "End session", input.SessionId);
        }

        var ended = own.Any(s => s.Id == input.SessionId) && await browserSessions.RevokeAsync(HttpContext, input.SessionId, EndReasons.Administrator);
        this.Notify(ended ? "The session was ended." : "That session had already ended.");
        return BackToUser(id);
    }

    [HttpPost("users/{id}/end-all-sessions"), ValidateAntiForgeryToken]
    public async Task<IActionResult> EndAllSessions(string id, AdminConfirmInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await users.FindAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        if (!input.Confirmed)
        {
            return Confirm(user, "end-all-sessions", $"End every session of {user.Email}?",
                "Every browser and device is signed out of this account at once.", "End all sessions");
        }

        var ended = await browserSessions.RevokeUserSessionsAsync(HttpContext, id, exceptSessionId: null, EndReasons.Administrator);
        this.Notify($"{ended} session(s) ended.");
        return BackToUser(id);
    }

    [HttpPost("users/{id}/disable"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Disable(string id, AdminConfirmInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await users.FindAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        // An administrator who disabled their own account would be locked out of the page that undoes it.
        if (user.Id == HttpContext.GetActingSession().User.Id)
        {
            this.Notify("You can't disable your own account. Ask another administrator.");
            return BackToUser(id);
        }

        if (!input.Confirmed)
        {
            return Confirm(user, "disable", $"Disable {user.Email}?",
                "They are signed out everywhere and cannot sign in again until the account is enabled.", "Disable account");
        }

        await users.SetDisabledAsync(user, disabled: true, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.AccountDisabled, HttpContext);
        var ended = await browserSessions.RevokeUserSessionsAsync(HttpContext, user.Id, exceptSessionId: null, EndReasons.AccountDisabled);
        this.Notify($"{user.Email} is disabled; {ended} session(s) ended.");
        return BackToUser(id);
    }

    [HttpPost("users/{id}/enable"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Enable(string id, CancellationToken cancellationToken)
    {
        if (await users.FindAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        await users.SetDisabledAsync(user, disabled: false, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.AccountEnabled, HttpContext);
        this.Notify($"{user.Email} can sign in again.");
        return BackToUser(id);
    }

    [HttpPost("users/{id}/require-password-reset"), ValidateAntiForgeryToken]
    public async Task<IActionResult> RequirePasswordReset(string id, AdminConfirmInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await users.FindAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        if (!input.Confirmed)
        {
            return Confirm(user, "require-password-reset", $"Require a new password for {user.Email}?",
                "Their sessions wait until they choose a new password.", "Require a new password");
        }

        await users.RequirePasswordResetAsync(user, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.PasswordResetRequired, HttpContext);
        var pending = await sessions.MarkPendingAsync(user.Id, cancellationToken);
        this.Notify($"{user.Email} must choose a new password; {pending} session(s) wait on it.");
        return BackToUser(id);
    }

    [HttpPost("users/{id}/require-mfa"), ValidateAntiForgeryToken]
    public async Task<IActionResult> RequireMfa(string id, AdminConfirmInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await users.FindAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        if (!input.Confirmed)
        {
            return Confirm(user, "require-mfa", $"Require two-step verification for {user.Email}?",
                "Until the account has a second factor, its sessions wait on setting one up.", "Require two-step verification");
        }

        await users.RequireMfaAsync(user, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.MfaRequired, HttpContext);
        var pending = await secondFactors.HasAnyAsync(user.Id, cancellationToken) ? 0 : await sessions.MarkPendingAsync(user.Id, cancellationToken);
        this.Notify($"{user.Email} must use two-step verification; {pending} session(s) wait on setting it up.");
        return BackToUser(id);
    }

    private ViewResult Confirm(User user, string action, string question, string consequence, string button, string? sessionId = null) =>
        View("Confirm", new AdminConfirmModel(user, action, question, consequence, button, sessionId));

    private LocalRedirectResult BackToUser(string id) => LocalRedirect(urls.Account.AdminUser(id));
}

public record AdminConfirmInput
{
    /// <summary>Set by the confirmation page only.</summary>
    public bool Confirmed { get; init; }
}

public sealed record AdminSessionInput : AdminConfirmInput
{
    public string SessionId { get; init; } = "";
}

public sealed record AdminConfirmModel(User User, string Action, string Question, string Consequence, string Button, string? SessionId);

public sealed record AdminUsersModel(string? Query, IReadOnlyList<User> Users);

public sealed record AdminUserModel(User User, IReadOnlyList<DeviceSession> Sessions);
