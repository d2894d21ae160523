using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Accounts;

/// <summary>The account menu in every page's header.</summary>
public sealed class AccountMenuViewComponent : ViewComponent
{
    public IViewComponentResult Invoke()
    {
        var state = HttpContext.GetClientState();
        var actingId = HttpContext.GetActingSessionId();
        var acting = actingId is null ? null : state.Find(actingId);
        var request = HttpContext.Request;
        return View(new AccountMenuModel(
            state,
            acting,
            [.. state.Sessions.Where(s => s.Id != actingId)],
            HttpContext.Features.Get<AccountSlotFeature>()?.Slot,
            string.Concat(request.PathBase, request.Path, request.QueryString)));
    }
}

/// <param name="State">Every account of this browser.</param>
/// <param name="Acting">The account this page shows; null when signed out or none is active.</param>
/// <param name="Others">The browser's other signed-in accounts.</param>
/// <param name="Slot">Set when the page is under <c>/u/{slot}/</c>.</param>
/// <param name="ReturnUrl">This page, to come back to after a switch.</param>
public sealed record AccountMenuModel(
    ClientState State,
    ClientSession? Acting,
    IReadOnlyList<ClientSession> Others,
    int? Slot,
    string ReturnUrl);
