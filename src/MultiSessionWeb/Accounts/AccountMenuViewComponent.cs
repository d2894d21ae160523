using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Accounts;

/// <summary>The account menu in every page's header, drawn once for as long as what it shows stays the same.</summary>
public sealed class AccountMenuViewComponent(AccountMenuCache cache, IAntiforgery antiforgery) : ViewComponent
{
    public IViewComponentResult Invoke()
    {
        var state = HttpContext.GetClientState();
        var actingId = HttpContext.GetActingSessionId();
        var acting = actingId is null ? null : state.Find(actingId);
        var request = HttpContext.Request;
        var slot = HttpContext.Features.Get<AccountSlotFeature>()?.Slot;
        var returnUrl = string.Concat(request.PathBase, request.Path, request.QueryString);
        if (acting is null)
        {
            return Draw(state, actingId, acting, slot, returnUrl); // a few links: nothing worth remembering
        }

        // The same token the view's forms would ask for: antiforgery keeps one per request.
        var token = antiforgery.GetAndStoreTokens(HttpContext).RequestToken ?? "";
        var key = new AccountMenuKey(state.Sessions, acting.Id, slot, returnUrl, token);
        return cache.TryGet(key, out var html)
            ? new RememberedHtmlResult(html)
            : new RememberedViewResult(Draw(state, actingId, acting, slot, returnUrl), drawn => cache.Remember(key, drawn));
    }

    private ViewViewComponentResult Draw(ClientState state, string? actingId, ClientSession? acting, int? slot, string returnUrl) =>
        View(new AccountMenuModel(state, acting, [.. state.Sessions.Where(s => s.Id != actingId)], slot, returnUrl));

    /// <summary>
    /// Writes a menu drawn before. As a plain string, the page's buffer keeps a reference to it and the
    /// response copies it once; wrapped as <see cref="HtmlString"/>, it would be copied through one more
    /// character buffer on its way out.
    /// </summary>
    private sealed class RememberedHtmlResult(string html) : IViewComponentResult
    {
        public void Execute(ViewComponentContext context) => context.Writer.Write(html);

        public Task ExecuteAsync(ViewComponentContext context) => context.Writer.WriteAsync(html);
    }

    /// <summary>Draws the view into a string, hands it to <c>remember</c>, then writes it to the page.</summary>
    private sealed class RememberedViewResult(ViewViewComponentResult view, Action<string> remember) : IViewComponentResult
    {
        public void Execute(ViewComponentContext context) => ExecuteAsync(context).GetAwaiter().GetResult();

        public async Task ExecuteAsync(ViewComponentContext context)
        {
            // The component's own view context, made for this one invocation: its writer is ours to swap.
            var page = context.ViewContext.Writer;
            using var drawn = new StringWriter();
            context.ViewContext.Writer = drawn;
            try
            {
                await view.ExecuteAsync(context);
            }
            finally
            {
                context.ViewContext.Writer = page;
            }

            var html = drawn.ToString();
            remember(html);
            await page.WriteAsync(html);
        }
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
