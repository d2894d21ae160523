using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.SignIn;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignUp;

[Route("sign-up")]
public sealed class SignUpController(UserService users, SessionService sessions) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? returnUrl) => View(new SignUpInput { ReturnUrl = returnUrl });

    [HttpPost(""), ValidateAntiForgeryToken]
    public async Task<IActionResult> Index(SignUpInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (SignInController.RefusalMessage(sessions.CheckRoomForAccount(HttpContext)) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
        }

        if (!ModelState.IsValid)
        {
            return View(input with { Password = "" });
        }

        var user = await users.CreateAsync(input.Name, input.Email, input.Password, cancellationToken);
        if (user is null)
        {
            ModelState.AddModelError(nameof(input.Email), "An account with this email already exists. Sign in instead.");
            return View(input with { Password = "" });
        }

        var outcome = await sessions.SignInAsync(HttpContext, user, SignInMethods.SignUp);
        if (SignInController.RefusalMessage(outcome) is { } lateRefusal)
        {
            // Another tab filled the browser's last place meanwhile; the account exists, so say so.
            this.Notify("Your account was created. " + lateRefusal);
            return LocalRedirect("/accounts");
        }

        return this.RedirectToLocal(input.ReturnUrl);
    }
}
