using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Passkeys;

namespace MultiSessionWeb.Reverification;

/// <summary>"Confirm with a passkey" on a page that asks to confirm it's you; nothing when the account has no passkey.</summary>
public sealed class ConfirmWithPasskeyViewComponent(ActingAccount account, PasskeyReverification passkeys) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string returnUrl)
    {
        var offer = await passkeys.OfferAsync(account.Session, HttpContext.RequestAborted);
        return offer is null ? Content("") : View(new ConfirmWithPasskeyModel(offer, returnUrl));
    }
}

public sealed record ConfirmWithPasskeyModel(PasskeyCeremony Ceremony, string ReturnUrl);
