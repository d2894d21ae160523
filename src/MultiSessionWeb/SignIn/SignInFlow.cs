using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Data;
using MultiSessionWeb.External;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.SignIn;

/// <summary>The end of every sign-in, whichever way the person proved who they are.</summary>
public static class SignInFlow
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
    /// Adds the account to this browser and goes on: to the return URL, or to the due task. When the
    /// account is disabled or the browser has no room, the error goes on <paramref name="refused"/>'s page.
    /// </summary>
    public static async Task<IActionResult> FinishSignInAsync(
        this Controller controller, BrowserSessions sessions, AppUrls urls, User user, string method, string? returnUrl, Func<IActionResult> refused)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(refused);
        var outcome = await sessions.SignInAsync(controller.HttpContext, user, method);
        if (RefusalMessage(outcome) is { } refusal)
        {
            controller.ModelState.AddModelError("", refusal);
            return refused();
        }

        // From now on this browser has its own budget of attempts for the account (OWASP's device cookie).
        controller.HttpContext.RequestServices.GetRequiredService<DeviceCookie>().Remember(user.Id);

        if (outcome is SignInOutcome.AlreadySignedIn)
        {
            controller.Notify($"You're already signed in as {user.Email}.");
        }

        var next = ControllerExtensions.LocalUrlOrHome(controller.Url, returnUrl);
        if (user.MustResetPassword)
        {
            return controller.RedirectToTask(urls, returnUrl);
        }

        // A provider login that waits for this account: never linked by the sign-in itself, only once
        // the owner says yes on a page that names the provider account.
        var externalLogins = controller.HttpContext.RequestServices.GetRequiredService<ExternalLoginService>();
        if (await externalLogins.FindPendingAsync(controller.HttpContext, user) is not null)
        {
            return controller.LocalRedirect(urls.Account.ConfirmLink(next));
        }

        return controller.RedirectToLocal(returnUrl);
    }
}
