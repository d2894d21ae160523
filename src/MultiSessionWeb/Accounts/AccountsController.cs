using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Accounts;

/// <summary>The account chooser and the forms of the account menu: switch, sign out, sign out of all.</summary>
[BrowserWide]
[Route("accounts")]
public sealed class AccountsController(BrowserSessions sessions, AppUrls urls) : Controller
{
    public const string NotSignedInHere = "That account isn't signed in on this browser any more.";

    [HttpGet("")]
    public IActionResult Index(string? slot, string? returnUrl) =>
        View(new ChooserModel(HttpContext.GetClientState(), SlotMessage(slot), returnUrl));

    [HttpPost("switch"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Switch(SessionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (ModelState.IsValid ? await sessions.SwitchAsync(HttpContext, input.SessionId) : new SwitchOutcome.NotSignedInHere())
        {
            case SwitchOutcome.StepUpDue due:
                return LocalRedirect(urls.Browser.StepUp(due.Session.Id, input.ReturnUrl));
            case SwitchOutcome.Switched { Session.Status: SessionStatus.Pending }:
                return this.RedirectToTask(urls, input.ReturnUrl);
            case SwitchOutcome.Switched:
                return this.RedirectToLocal(input.ReturnUrl);
            default:
                this.Notify(NotSignedInHere);
                return LocalRedirect(urls.Browser.Chooser());
        }
    }

    [HttpPost("sign-out"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOut(SignOutInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = HttpContext.GetClientState();
        var sessionId = input.SessionId ?? HttpContext.GetActingSessionId() ?? state.ActiveSessionId;
        var session = sessionId is null ? null : state.Find(sessionId);
        var outcome = session is null ? null : await sessions.SignOutAsync(HttpContext, session.Id);
        if (outcome is null && session is { IsRemembered: true })
        {
            await sessions.ForgetAsync(HttpContext, session.Id);
            this.Notify($"Removed {session.User.Email} from this browser.");
            return LocalRedirect(urls.Browser.Chooser());
        }

        if (session is null || outcome is null)
        {
            this.Notify(NotSignedInHere);
            return LocalRedirect(urls.Browser.Chooser());
        }

        if (outcome.NowActive is { } next)
        {
            this.Notify($"Signed out of {session.User.Email}. You're now using {next.User.Name}.");
            return this.RedirectToLocal(input.ReturnUrl);
        }

        this.Notify($"Signed out of {session.User.Email}.");
        if (outcome.Remaining == 0)
        {
            return LocalRedirect(urls.Browser.SignIn());
        }

        // Only accounts with a task due are left: the person picks one on the chooser.
        return outcome.WasActive ? LocalRedirect(urls.Browser.Chooser()) : this.RedirectToLocal(input.ReturnUrl);
    }

    /// <summary>"Remove" on a remembered account ("Signed out — sign in again"): forget it on this browser.</summary>
    [HttpPost("remove"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Remove(SessionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var email = HttpContext.GetClientState().Find(input.SessionId)?.User.Email;
        this.Notify(ModelState.IsValid && await sessions.ForgetAsync(HttpContext, input.SessionId)
            ? $"Removed {email} from this browser."
            : NotSignedInHere);
        return LocalRedirect(urls.Browser.Chooser());
    }

    [HttpPost("sign-out-all"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOutAll()
    {
        await sessions.SignOutAllAsync(HttpContext);
        this.Notify("Signed out of all accounts.");
        return LocalRedirect(urls.Browser.SignIn());
    }

    private static string? SlotMessage(string? slot) =>
        slot is null ? null
        : int.TryParse(slot, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? "No account on this browser uses that address. Choose an account."
            : "That address doesn't name an account. Choose an account.";
}

public sealed record ChooserModel(ClientState State, string? Message, string? ReturnUrl);
