using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Mvc;

namespace MultiSessionWeb.Accounts;

/// <summary>
/// A tab that acts as an account other than the browser's active one — under its <c>/u/{slot}/</c>, or
/// through a form rendered for it — uses that account as surely as a switch would, so the same step-up
/// applies (<see cref="SwitchStepUp"/>); once proved, the tab goes on where it was going.
/// </summary>
internal sealed class StepUpFilter(SwitchStepUp stepUp, AppUrls urls) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var state = http.GetClientState();
        if (http.GetActingSessionId() is { } acting && acting != state.ActiveSessionId
            && state.Find(acting) is { Status: SessionStatus.Active } session
            && !context.ActionDescriptor.EndpointMetadata.OfType<BrowserWideAttribute>().Any()
            && await stepUp.DueAsync(session, http.RequestAborted) != StepUpProof.None)
        {
            // A post goes back to the account's own home rather than to an address that takes posts only.
            var returnUrl = HttpMethods.IsGet(http.Request.Method)
                ? http.Request.PathBase + http.Request.Path + http.Request.QueryString
                : urls.Browser.Slot(session.Slot);
            context.Result = new LocalRedirectResult(urls.Browser.StepUp(session.Id, returnUrl, open: true));
            return;
        }

        await next();
    }
}
