using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Passkeys;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

public sealed record PasskeySignInInput
{
    [StringLength(16 * 1024)]
    public string? Credential { get; init; }

    [StringLength(16 * 1024)]
    public string? PasskeyState { get; init; }

    /// <summary>Set when signing in again to a remembered account, so a refused try shows the same page.</summary>
    [StringLength(Limits.EmailLength)]
    public string? Email { get; init; }

    public string? ReturnUrl { get; init; }
}

/// <summary>Sign in, add an account or sign in again with a passkey; the end is the same as a password's.</summary>
[BrowserWide]
[Route("sign-in/passkey")]
public sealed class PasskeySignInController(
    PasskeyCeremonies ceremonies, UserService users, SignInCompletion completion, SessionMetrics metrics) : Controller
{
    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Index(PasskeySignInInput input, CancellationToken cancellationToken)
    {
        var page = new SignInInput { ReturnUrl = input.ReturnUrl, Email = input.Email ?? "" };
        var result = ModelState.IsValid
            ? await ceremonies.FinishAssertionAsync(PasskeyCeremonyKinds.SignIn, null, input.Credential, input.PasskeyState, HttpContext, cancellationToken)
            : PasskeyResult.Refused(PasskeyCeremonies.Failed);
        if (result.UserId is null || await users.FindAsync(result.UserId, cancellationToken) is not { } user)
        {
            metrics.SignInAttempted(SignInMethods.Passkey, "invalid_credentials");
            ModelState.Clear();
            ModelState.AddModelError("", result.Problem ?? PasskeyCeremonies.Failed);
            return SignInPage(page);
        }

        return await completion.CompleteAsync(this, user, SignInMethods.Passkey, input.ReturnUrl, () => SignInPage(page));
    }

    private ViewResult SignInPage(SignInInput page) => View("~/Views/SignIn/Index.cshtml", page);
}

/// <summary>
/// "Sign in with a passkey" on the sign-in page. For a remembered account of this browser (the chooser's
/// "Signed out — sign in again") only that account's passkeys are asked for; otherwise the passkey picks.
/// </summary>
public sealed class PasskeySignInViewComponent(PasskeyCeremonies ceremonies, PasskeyStore passkeys) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string? email, string? returnUrl)
    {
        // Only accounts this browser already lists: naming any email here would tell who has passkeys.
        var remembered = string.IsNullOrEmpty(email) ? null
            : HttpContext.GetClientState().Sessions.FirstOrDefault(s => s.IsRemembered && string.Equals(s.User.Email, email, StringComparison.OrdinalIgnoreCase));
        var own = remembered is null ? [] : await passkeys.ListAsync(remembered.User.Id, HttpContext.RequestAborted);
        var ceremony = ceremonies.StartAssertion(PasskeyCeremonyKinds.SignIn, own.Count == 0 ? null : remembered!.User.Id, own);
        return View(new PasskeySignInModel(ceremony, own.Count == 0 ? null : email, returnUrl));
    }
}

/// <summary>The passkey form of the sign-in page.</summary>
/// <param name="Ceremony">Options and sealed state.</param>
/// <param name="Email">The remembered account signing in again; null for a passkey that picks the account.</param>
/// <param name="ReturnUrl">Where to go once signed in.</param>
public sealed record PasskeySignInModel(PasskeyCeremony Ceremony, string? Email, string? ReturnUrl);
