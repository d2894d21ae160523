using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.External;
using MultiSessionWeb.Mvc;
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
        this Controller controller, SessionService sessions, User user, string method, string? returnUrl, Func<IActionResult> refused)
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

        if (outcome is SignInOutcome.AlreadySignedIn)
        {
            controller.Notify($"You're already signed in as {user.Email}.");
        }

        var next = controller.Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        if (user.MustResetPassword)
        {
            return controller.LocalRedirect(MultiSessionDefaults.TaskPath + QueryString.Create(MultiSessionDefaults.ReturnUrlParameter, next));
        }

        // A provider login that waits for this account: never linked by the sign-in itself, only once
        // the owner says yes on a page that names the provider account.
        var externalLogins = controller.HttpContext.RequestServices.GetRequiredService<ExternalLoginService>();
        if (await externalLogins.FindPendingAsync(controller.HttpContext, user) is not null)
        {
            return controller.LocalRedirect(ExternalDefaults.ConfirmLinkPath + QueryString.Create(MultiSessionDefaults.ReturnUrlParameter, next));
        }

        return controller.RedirectToLocal(returnUrl);
    }

    /// <summary>The "check your email" page that proves an address, at sign-up or at an unverified account's first sign-in.</summary>
    public static VerifyCodeModel EmailVerificationModel(this Controller controller, string email, string? returnUrl, TimeSpan validFor, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return new VerifyCodeModel(
            "Verify your email",
            $"We sent a 6-digit code to {email.Trim()}. Enter it to finish. It is valid for {validFor.TotalMinutes:0} minutes.",
            controller.Url.Content("~/sign-up/verify"),
            controller.Url.Content("~/sign-up/resend"),
            new Dictionary<string, string?> { ["Email"] = email.Trim(), ["ReturnUrl"] = returnUrl },
            error);
    }
}
