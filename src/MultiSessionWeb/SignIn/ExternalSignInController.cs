using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.External;
using MultiSessionWeb.Mvc;

namespace MultiSessionWeb.SignIn;

/// <summary>Sign-in through Google, GitHub or an OpenID Connect provider; each adds the account to this browser.</summary>
[Route("sign-in/external")]
public sealed class ExternalSignInController(
    ExternalProviders providers, ExternalChallenge challenge, ExternalLoginService logins, SignInCompletion completion, AppUrls urls) : Controller
{
    private const string SignInView = "~/Views/SignIn/Index.cshtml";

    /// <summary>Sends the browser to the provider; it comes back to the provider's callback path, then to <see cref="Done"/>.</summary>
    [HttpGet("{provider}")]
    public IActionResult Start(string provider, string? returnUrl)
    {
        var local = Url.IsLocalUrl(returnUrl) ? returnUrl : null;
        if (providers.Find(provider) is not { } found)
        {
            ModelState.AddModelError("", "That sign-in provider isn't available here. Sign in another way.");
            return View(SignInView, new SignInInput { ReturnUrl = local });
        }

        var properties = new AuthenticationProperties
        {
            RedirectUri = urls.Browser.ExternalDone(found.Name, local ?? "/"),
            Items = { [ExternalDefaults.ProviderItem] = found.Name },
        };
        if (HttpContext.GetClientState().SignedIn.Count > 0)
        {
            // Adding an account: the handler's events pick the prompt this provider takes (ExternalPrompt).
            properties.Items[ExternalDefaults.AddingAccountItem] = "true";
        }

        return challenge.Start(found, properties, urls.Browser.SignInError("unavailable", local));
    }

    /// <summary>The provider's answer, held in the external cookie: find or make the account, then sign it in.</summary>
    [HttpGet("{provider}/done")]
    public async Task<IActionResult> Done(string provider, string? returnUrl)
    {
        var result = await HttpContext.AuthenticateAsync(ExternalDefaults.AuthenticationScheme);
        var started = result.Properties?.GetString(ExternalDefaults.ProviderItem);
        if (result is not { Succeeded: true, Principal: { } principal }
            || providers.Find(started) is not { } found
            || !string.Equals(found.Name, provider, StringComparison.Ordinal)
            || ExternalIdentity.From(found.Name, principal) is not { } identity)
        {
            await HttpContext.SignOutAsync(ExternalDefaults.AuthenticationScheme);
            return LocalRedirect(urls.Browser.SignInError("external"));
        }

        var resolved = await logins.ResolveAsync(identity, HttpContext);
        switch (resolved)
        {
            case ExternalSignInResult.Account account:
                await HttpContext.SignOutAsync(ExternalDefaults.AuthenticationScheme);
                return await completion.CompleteAsync(this, account.User, SignInMethods.External(found.Name), returnUrl,
                    () => View(SignInView, new SignInInput { ReturnUrl = returnUrl }));

            case ExternalSignInResult.ConfirmFirst waiting:
                // The external cookie keeps the login until the account's owner, signed in, confirms it (or it expires).
                result.Properties!.Items[ExternalDefaults.PendingUserItem] = waiting.User.Id;
                await HttpContext.SignInAsync(ExternalDefaults.AuthenticationScheme, principal, result.Properties);
                if (HttpContext.GetActingSessionId() is not null && HttpContext.GetActingSession().User.Id == waiting.User.Id)
                {
                    return LocalRedirect(urls.Account.ConfirmLink(Url.IsLocalUrl(returnUrl) ? returnUrl : "/"));
                }

                ModelState.AddModelError("", $"{waiting.User.Email} already has an account. Sign in to it with your password (or a code), then confirm linking {found.DisplayName} to it, so next time {found.DisplayName} is enough.");
                return View(SignInView, new SignInInput { Email = waiting.User.Email, ReturnUrl = returnUrl });

            case ExternalSignInResult.UnverifiedEmail unverified:
                await HttpContext.SignOutAsync(ExternalDefaults.AuthenticationScheme);
                ModelState.AddModelError("", $"{found.DisplayName} hasn't verified {unverified.Email}. Verify it at {found.DisplayName} and try again, or create an account here with your email.");
                return View(SignInView, new SignInInput { ReturnUrl = returnUrl });

            default:
                await HttpContext.SignOutAsync(ExternalDefaults.AuthenticationScheme);
                ModelState.AddModelError("", $"{found.DisplayName} did not share an email address with us. Allow it at {found.DisplayName}, or sign in another way.");
                return View(SignInView, new SignInInput { ReturnUrl = returnUrl });
        }
    }
}
