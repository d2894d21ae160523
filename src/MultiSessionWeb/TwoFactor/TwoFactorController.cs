using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Reverification;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.TwoFactor;

/// <summary>
/// Two-step verification for this tab's account: set up an authenticator app (QR code or the secret as
/// text), confirm it with a code, then ten recovery codes shown once. New codes and turning it off ask
/// "confirm it's you" first (ASVS 7.5.1): a session left open must not disarm the second factor.
/// </summary>
[Authorize]
[Route("account/two-factor")]
public sealed class TwoFactorController(
    Authenticators authenticators,
    ReverificationService reverification,
    SecurityActivity activity,
    SessionStore sessions,
    ActingAccount account,
    UserService users,
    SwitchStepUp stepUp,
    IOptions<MfaSettings> mfa,
    AppUrls urls) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => await PageAsync(cancellationToken);

    [HttpPost("confirm"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Confirm(TwoFactorConfirmInput input, CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        var codes = ModelState.IsValid ? await authenticators.ConfirmAsync(user.Id, input.Code, cancellationToken) : null;
        if (codes is null)
        {
            if (ModelState.IsValid)
            {
                ModelState.AddModelError(nameof(input.Code), "That code isn't right. Enter the 6-digit code your authenticator app shows now.");
            }

            return await PageAsync(cancellationToken);
        }

        // The code from the app proved the second factor on this session just now.
        await sessions.MarkSecondFactorVerifiedAsync(HttpContext.GetClientState().ClientId!, account.Session.Id, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.TwoFactorEnabled, HttpContext, sessionId: account.Session.Id);
        return View("RecoveryCodes", new RecoveryCodesModel(codes, JustTurnedOn: true));
    }

    [HttpPost("recovery-codes"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> RecoveryCodes(TwoFactorConfirmItsYouInput input, CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        if (await authenticators.FindAsync(user.Id, cancellationToken) is not { ConfirmedAt: not null })
        {
            return LocalRedirect(urls.Account.TwoFactor());
        }

        if (!await ConfirmedItsYouAsync(user, input, "Making new recovery codes", cancellationToken))
        {
            return await PageAsync(cancellationToken);
        }

        var codes = await authenticators.NewRecoveryCodesAsync(user.Id, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.RecoveryCodesRenewed, HttpContext, sessionId: account.Session.Id);
        return View("RecoveryCodes", new RecoveryCodesModel(codes, JustTurnedOn: false));
    }

    [HttpPost("turn-off"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> TurnOff(TwoFactorConfirmItsYouInput input, CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        if (await authenticators.FindAsync(user.Id, cancellationToken) is not { ConfirmedAt: not null })
        {
            return LocalRedirect(urls.Account.TwoFactor());
        }

        if (!await ConfirmedItsYouAsync(user, input, "Turning off two-step verification", cancellationToken))
        {
            return await PageAsync(cancellationToken);
        }

        await authenticators.TurnOffAsync(user.Id, cancellationToken);
        await activity.RecordAsync(user.Id, SecurityEventTypes.TwoFactorDisabled, HttpContext, sessionId: account.Session.Id);
        this.Notify("Two-step verification is off. Your recovery codes no longer work.");
        return LocalRedirect(urls.Account.TwoFactor());
    }

    /// <summary>
    /// The person's choice for step-up on switch. Turning it off needs no reverification: only this
    /// account, in use, can get here, and whoever has it in use already has it.
    /// </summary>
    [HttpPost("step-up-on-switch"), ValidateAntiForgeryToken]
    public async Task<IActionResult> StepUpOnSwitch(StepUpOnSwitchInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await account.GetUserAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            this.Notify("That choice wasn't understood; nothing changed. Use the button on this page.");
            return LocalRedirect(urls.Account.TwoFactor());
        }

        if (user.StepUpOnSwitch != input.On)
        {
            await users.SetStepUpOnSwitchAsync(user, input.On, cancellationToken);
            await sessions.InvalidateBrowsersOfUserAsync(user.Id, cancellationToken);
            await activity.RecordAsync(user.Id, SecurityEventTypes.StepUpOnSwitchChanged, HttpContext, input.On ? "on" : "off", account.Session.Id);
        }

        this.Notify(input.On
            ? "Switching to this account on a browser where it's signed in now asks to confirm it's you."
            : "Switching to this account no longer asks to confirm it's you.");
        return LocalRedirect(urls.Account.TwoFactor());
    }

    private async Task<bool> ConfirmedItsYouAsync(User user, TwoFactorConfirmItsYouInput input, string what, CancellationToken cancellationToken)
    {
        var session = account.Session;
        var outcome = await reverification.CheckAsync(session, user, input.Password, ModelState.IsValid, cancellationToken);
        ModelState.AddConfirmItsYouError(outcome, nameof(input.Password), new(
            Missing: "Enter your password.",
            Wrong: "That is not your password.",
            NeedsFreshSignIn: $"{what} needs a fresh sign-in: sign out, sign in again, and come back within {reverification.WindowText}."));
        if (!ModelState.IsValid)
        {
            return false;
        }

        if (outcome == ReverificationOutcome.Confirmed)
        {
            await reverification.MarkReverifiedAsync(HttpContext, session);
        }

        return true;
    }

    private async Task<ViewResult> PageAsync(CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        var asksForPassword = reverification.Needs(account.Session, user) == ConfirmWith.Password;
        if (await authenticators.FindAsync(user.Id, cancellationToken) is { ConfirmedAt: { } since })
        {
            var left = await authenticators.RecoveryCodesLeftAsync(user.Id, cancellationToken);
            return View("Index", new TwoFactorPageModel(since, left, null, null, asksForPassword, StepUpOf(user)));
        }

        var secret = (await authenticators.SetUpSecretAsync(user.Id, cancellationToken))!;
        var uri = TotpCodes.Uri(secret, user.Email);
        return View("Index", new TwoFactorPageModel(null, 0, TotpCodes.QrSvg(uri), TotpCodes.Grouped(secret), asksForPassword, StepUpOf(user)));
    }

    private StepUpChoice StepUpOf(User user) =>
        new(user.StepUpOnSwitch, stepUp.AlwaysAsks(user.Email), ReverificationService.DurationText(mfa.Value.StepUpOnSwitchAfter));
}

public sealed record TwoFactorConfirmInput
{
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [StringLength(64, ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    public string Code { get; init; } = "";
}

public sealed record TwoFactorConfirmItsYouInput
{
    [StringLength(Limits.PasswordMaxLength, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    public string? Password { get; init; }
}

/// <summary>On since <see cref="EnabledAt"/>; or, while off, the QR code and the secret to set it up.</summary>
public sealed record TwoFactorPageModel(DateTime? EnabledAt, int RecoveryCodesLeft, string? QrSvg, string? Secret, bool AsksForPassword, StepUpChoice StepUp);

/// <summary>Step-up on switch as the page shows it: the person's choice, whether it is always on (administrators), and after how long it asks.</summary>
public sealed record StepUpChoice(bool On, bool Always, string After);

public sealed record StepUpOnSwitchInput
{
    public bool On { get; init; }
}

public sealed record RecoveryCodesModel(IReadOnlyList<string> Codes, bool JustTurnedOn);
