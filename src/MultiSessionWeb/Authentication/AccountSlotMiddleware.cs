using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// Google's <c>/u/{n}/</c>: a path that starts with a slot acts as that slot's account for this
/// request only. The prefix moves into <c>PathBase</c>, so every link the page generates keeps it
/// and a tab stays with its account.
/// </summary>
public sealed class AccountSlotMiddleware(RequestDelegate next, IOptionsMonitor<MultiSessionOptions> options)
{
    private static readonly PathString Prefix = MultiSessionDefaults.SlotPrefix;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Prefix, out var rest) || !rest.HasValue)
        {
            await next(context);
            return;
        }

        var rootPathBase = context.Request.PathBase;
        var segment = rest.Value!.AsSpan(1);
        var end = segment.IndexOf('/');
        var slotText = end < 0 ? segment : segment[..end];
        if (!TryParseSlot(slotText, out var slot))
        {
            RedirectToChooser(context, rootPathBase, slot: null);
            return;
        }

        if (end < 0)
        {
            // "/u/1" → "/u/1/", so relative links on the page resolve under the prefix.
            context.Response.Redirect($"{rootPathBase}{Prefix}/{slot}/{context.Request.QueryString}");
            return;
        }

        var slotPath = new PathString(string.Create(CultureInfo.InvariantCulture, $"{Prefix}/{slot}"));
        context.Request.PathBase = rootPathBase.Add(slotPath);
        context.Request.Path = new PathString(rest.Value![(1 + end)..]);
        context.Features.Set(new AccountSlotFeature(slot, rootPathBase));

        var result = await context.AuthenticateAsync(MultiSessionDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            RedirectToChooser(context, rootPathBase, slot);
            return;
        }

        await next(context);
    }

    private static bool TryParseSlot(ReadOnlySpan<char> text, out int slot) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out slot)
        && slot <= ClientCookieSerializer.MaxTickets
        && (text.Length == 1 || text[0] != '0'); // one spelling per slot: "/u/01/" is not "/u/1/"

    private void RedirectToChooser(HttpContext context, PathString rootPathBase, int? slot)
    {
        var query = slot is null ? "?slot=unknown" : string.Create(CultureInfo.InvariantCulture, $"?slot={slot}");
        context.Response.Redirect($"{rootPathBase}{options.Get(MultiSessionDefaults.AuthenticationScheme).ChooserPath}{query}");
    }
}
