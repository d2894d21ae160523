using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Mvc;

namespace MultiSessionWeb.External;

/// <summary>
/// The owner of an account says yes or no to a provider login that matched the account's address. The
/// page names the provider account, so nobody links one they did not mean to.
/// </summary>
[Authorize]
[Route("account/link")]
public sealed class ExternalLinkController(ActingAccount account, ExternalLoginService logins) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Confirm(string? returnUrl, CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        if (await logins.FindPendingAsync(HttpContext, user) is not { } pending)
        {
            return this.RedirectToLocal(returnUrl);
        }

        return View(new LinkConfirmModel(pending.Provider.DisplayName, pending.Identity.Name, pending.Identity.Email!, Local(returnUrl)));
    }

    [HttpPost(""), ValidateAntiForgeryToken]
    public async Task<IActionResult> Link(string? returnUrl, CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        if (await logins.ConfirmPendingAsync(HttpContext, user) is { } linked)
        {
            this.Notify($"Linked {linked.Provider.DisplayName}. You can now sign in with {linked.Provider.DisplayName}.");
        }
        else
        {
            this.Notify("Nothing was linked: the request to link expired or was for another account.");
        }

        return this.RedirectToLocal(returnUrl);
    }

    [HttpPost("cancel"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Cancel(string? returnUrl)
    {
        await HttpContext.SignOutAsync(ExternalDefaults.AuthenticationScheme);
        this.Notify("Nothing was linked.");
        return this.RedirectToLocal(returnUrl);
    }

    private string Local(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
}

public sealed record LinkConfirmModel(string Provider, string? Name, string Email, string ReturnUrl);
