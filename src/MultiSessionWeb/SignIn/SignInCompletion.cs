using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.External;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.TwoFactor;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

/// <summary>
/// The end of every sign-in — password, code, sign-up, provider — once the person has proved who they
/// are: the session, then where the browser goes next.
/// </summary>
public sealed class SignInCompletion(
    BrowserSessions sessions,
    DeviceCookie device,
    ExternalLoginService externalLogins,
    SecondFactors secondFactors,
    PendingSignIns pendingSignIns,
    IOptions<MfaSettings> mfa,
    AppUrls urls)
{
    /// <summary>What to tell the person when the browser has no room for the account; null when it had.</summary>
    public static string? RefusalMessage(SignInOutcome? outcome) => outcome switch
    {
        SignInOutcome.TooManyAccounts tooMany =>
            $"This browser is signed in to {tooMany.Limit} accounts, the most it can hold. Sign out of one to add another.",
        SignInOutcome.SessionExists => "You're already signed in. Sign out first to use another account.",
        // Said only after a correct password or code, so it tells nothing to someone guessing.
        SignInOutcome.AccountDisabled => "This account has been disabled. Contact your administrator.",
        _ => null,
    };

    /// <summary>
    /// <paramref name="user"/> proved the first factor by <paramref name="method"/> (a
    /// <see cref="SignInMethods"/> value): adds the account to this browser and goes on, to the return
    /// URL or to the due task. When the account is disabled or the browser has no room, the error goes
    /// on <paramref name="refused"/>'s page.
    /// </summary>
    public async Task<IActionResult> CompleteAsync(
        Controller controller, User user, string method, string? returnUrl, Func<IActionResult> refused)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(refused);

        // The second factor comes after the first is proved and before any session exists, so an account
        // that has one is never signed in on the first alone. A passkey proved both at once.
        var http = controller.HttpContext;
        if (method != SignInMethods.Passkey && user.DisabledAt is null && await secondFactors.HasAuthenticatorAsync(user.Id, http.RequestAborted))
        {
            var clientId = http.Features.GetRequiredFeature<MultiSessionFeature>().EnsureClientId();
            var pending = await pendingSignIns.StartAsync(user.Id, method, clientId, http.RequestAborted);
            return controller.LocalRedirect(urls.Browser.SecondStep(pending, returnUrl));
        }

        // Clerk's setup-mfa task: an account that must have a second factor and has none signs in pending.
        var setupMfaDue = method != SignInMethods.Passkey && (mfa.Value.Required || user.MfaRequired)
            && !await secondFactors.HasAnyAsync(user.Id, http.RequestAborted);
        return await SignInAsync(controller, user, method, returnUrl, refused, secondFactorProved: false, setupMfaDue);
    }

    /// <summary>The second factor of a half-done sign-in was right: now the session exists.</summary>
    public Task<IActionResult> CompleteSecondStepAsync(
        Controller controller, User user, string method, string? returnUrl, Func<IActionResult> refused) =>
        SignInAsync(controller, user, method, returnUrl, refused, secondFactorProved: true, setupMfaDue: false);

    private async Task<IActionResult> SignInAsync(
        Controller controller, User user, string method, string? returnUrl, Func<IActionResult> refused, bool secondFactorProved, bool setupMfaDue)
    {
        var outcome = await sessions.SignInAsync(controller.HttpContext, user, method, secondFactorProved, setupMfaDue);
        if (RefusalMessage(outcome) is { } refusal)
        {
            controller.ModelState.AddModelError("", refusal);
            return refused();
        }

        return await SignedInAsync(controller, user, outcome, returnUrl, setupMfaDue);
    }

    /// <summary>The session exists: this browser is remembered for the account, and goes where the account needs it next.</summary>
    private async Task<IActionResult> SignedInAsync(Controller controller, User user, SignInOutcome? outcome, string? returnUrl, bool setupMfaDue)
    {
        // From now on this browser has its own budget of attempts for the account (OWASP's device cookie).
        device.Remember(user.Id);

        if (outcome is SignInOutcome.AlreadySignedIn)
        {
            controller.Notify($"You're already signed in as {user.Email}.");
        }

        var next = ControllerExtensions.LocalUrlOrHome(controller.Url, returnUrl);
        if (user.MustResetPassword)
        {
            return controller.RedirectToTask(urls, returnUrl);
        }

        if (setupMfaDue && outcome is SignInOutcome.Added)
        {
            return controller.LocalRedirect(urls.Browser.SetupMfaTask(next));
        }

        // A provider login that waits for this account: never linked by the sign-in itself, only once
        // the owner says yes on a page that names the provider account.
        if (await externalLogins.FindPendingAsync(controller.HttpContext, user) is not null)
        {
            return controller.LocalRedirect(urls.Account.ConfirmLink(next));
        }

        return controller.RedirectToLocal(returnUrl);
    }
}
