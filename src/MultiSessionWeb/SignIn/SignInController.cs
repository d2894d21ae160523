using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

[Route("sign-in")]
public sealed class SignInController(UserService users, SessionService sessions) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? returnUrl) => View(new SignInInput { ReturnUrl = returnUrl });

    [HttpPost(""), ValidateAntiForgeryToken]
    public async Task<IActionResult> Index(SignInInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ModelState.IsValid)
        {
            return View(input with { Password = "" });
        }

        var user = await users.FindByPasswordAsync(input.Email, input.Password, cancellationToken);
        if (user is null)
        {
            // One message for an unknown email and a wrong password: the form must not reveal who has an account.
            ModelState.AddModelError("", "Email or password is incorrect.");
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

        return this.RedirectToLocal(input.ReturnUrl);
    }

    /// <summary>What to tell the person when the browser has no room for the account; null when it had.</summary>
    public static string? RefusalMessage(SignInOutcome? outcome) => outcome switch
    {
        SignInOutcome.TooManyAccounts tooMany =>
            $"This browser is signed in to {tooMany.Limit} accounts, the most it can hold. Sign out of one to add another.",
        SignInOutcome.SessionExists => "You're already signed in. Sign out first to use another account.",
        _ => null,
    };
}
