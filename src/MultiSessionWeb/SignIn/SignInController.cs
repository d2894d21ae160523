using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Observability;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

[Route("sign-in")]
public sealed class SignInController(UserService users, SessionService sessions, SecurityActivity activity, SessionMetrics metrics) : Controller
{
    /// <param name="returnUrl">Where to go once signed in.</param>
    /// <param name="email">Filled in when a remembered account is chosen ("Signed out — sign in again").</param>
    [HttpGet("")]
    public IActionResult Index(string? returnUrl, string? email) =>
        View(new SignInInput { ReturnUrl = returnUrl, Email = email?.Length <= Limits.EmailLength ? email : "" });

    [HttpPost(""), ValidateAntiForgeryToken]
    public async Task<IActionResult> Index(SignInInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ModelState.IsValid)
        {
            return View(input with { Password = "" });
        }

        var check = await users.CheckPasswordAsync(input.Email, input.Password, cancellationToken);
        if (check is not { Succeeded: true, User: { } user })
        {
            if (check.User is { } known)
            {
                await activity.RecordAsync(known.Id, SecurityEventTypes.SignInFailed, HttpContext, SignInMethods.Password);
            }

            metrics.SignInAttempted(SignInMethods.Password, "invalid_credentials");
            // One message for an unknown email and a wrong password: the form must not reveal who has an account.
            ModelState.AddModelError("", "Email or password is incorrect.");
            return View(input with { Password = "" });
        }

        if (user.DisabledAt is not null)
        {
            metrics.SignInAttempted(SignInMethods.Password, "disabled");
            // Said only after the right password, so it tells nothing to someone guessing emails.
            ModelState.AddModelError("", "This account has been disabled. Contact your administrator.");
            return View(input with { Password = "" });
        }

        var outcome = await sessions.SignInAsync(HttpContext, user, SignInMethods.Password);
        if (RefusalMessage(outcome) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            return View(input with { Password = "" });
        }

        if (outcome is SignInOutcome.AlreadySignedIn)
        {
            this.Notify($"You're already signed in as {user.Email}.");
        }

        return user.MustResetPassword
            ? LocalRedirect(MultiSessionDefaults.TaskPath + QueryString.Create(MultiSessionDefaults.ReturnUrlParameter, LocalOrHome(input.ReturnUrl)))
            : this.RedirectToLocal(input.ReturnUrl);
    }

    private string LocalOrHome(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";

    /// <summary>What to tell the person when the browser has no room for the account; null when it had.</summary>
    public static string? RefusalMessage(SignInOutcome? outcome) => outcome switch
    {
        SignInOutcome.TooManyAccounts tooMany =>
            $"This browser is signed in to {tooMany.Limit} accounts, the most it can hold. Sign out of one to add another.",
        SignInOutcome.SessionExists => "You're already signed in. Sign out first to use another account.",
        _ => null,
    };
}
