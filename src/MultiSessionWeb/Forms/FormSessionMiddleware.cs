using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Forms;

/// <summary>
/// A post acts as the session its form names (<see cref="FormSessionDefaults.SessionField"/>) while
/// that session is signed in on this browser — active or not, as <c>/u/{slot}/</c> does — and is
/// refused with a page naming the account once it is not, or when the form names none (a page from
/// before). Every post to a controller action is held to this unless the action is
/// <see cref="BrowserWideAttribute"/>: a new account page is covered without anyone remembering to.
/// </summary>
/// <remarks>
/// A middleware between authentication and authorization rather than an MVC filter: authorization
/// (<c>[Authorize]</c>, the admin policy) must judge the account the form was rendered for, and it
/// runs before any filter would.
/// </remarks>
public sealed class FormSessionMiddleware(
    RequestDelegate next, IAntiforgery antiforgery, IUrlHelperFactory urls, IModelMetadataProvider metadata, ILogger<FormSessionMiddleware> logger)
{
    private const string StaleFormView = "/Views/Shared/StaleForm.cshtml";

    public async Task InvokeAsync(HttpContext context, SessionStore sessions)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sessions);
        if (context.GetEndpoint() is not { } endpoint
            || endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not { } action
            || endpoint.Metadata.GetMetadata<BrowserWideAttribute>() is not null
            || !IsStateChanging(context)
            || !await antiforgery.IsRequestValidAsync(context))
        {
            // A post without a valid token is refused by the action's own antiforgery check, as before.
            await next(context);
            return;
        }

        var form = await ReadFormAsync(context);
        var state = context.GetClientState();
        var named = form?[FormSessionDefaults.SessionField].ToString() is { Length: > 0 } id ? id : null;
        var session = named is null ? null : state.Find(named);
        var allowPending = endpoint.Metadata.GetMetadata<ForPendingSessionAttribute>() is not null;
        if (session is { Status: SessionStatus.Active } || (allowPending && session is { Status: SessionStatus.Pending }))
        {
            await ActAsAsync(context, state, session, sessions);
            await next(context);
            return;
        }

        Log.StaleFormRefused(logger, context.Request.Path, named, state.ClientId);
        await RefuseAsync(context, action, state, named, form?[FormSessionDefaults.PageField].ToString(), sessions);
    }

    /// <summary>A post, put, patch or delete, as the request arrived — not an error page re-executed for one.</summary>
    private static bool IsStateChanging(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method) && !HttpMethods.IsTrace(context.Request.Method)
        && context.Features.Get<IStatusCodeReExecuteFeature>() is null
        && context.Features.Get<IExceptionHandlerFeature>() is null;

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            // Already read and kept by the antiforgery check; this does not read the body again.
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The request acts as <paramref name="session"/> from here on, as if it had come under its <c>/u/{slot}/</c>.</summary>
    private async Task ActAsAsync(HttpContext context, ClientState state, ClientSession session, SessionStore sessions)
    {
        if (session.Id == context.GetActingSessionId())
        {
            return;
        }

        Log.ActsAsRenderedSession(logger, context.Request.Path, session.Id);
        if (session.Status != SessionStatus.Active)
        {
            // A pending session's task page: it stays signed out for everything else on the page.
            context.Features.Set(new PendingFormSessionFeature(session.Id));
            return;
        }

        context.User = MultiSessionPrincipal.Create(state.ClientId!, session, MultiSessionDefaults.AuthenticationScheme);

        await sessions.TouchAsync(state.ClientId!, session, context.RequestAborted);

        // Links and redirects of the answer keep to this account, so the tab goes on as it, not as
        // the account another tab made active.
        var root = context.GetRootPathBase();
        context.Features.Set(new AccountSlotFeature(session.Slot, root));
        context.Request.PathBase = root.Add(new PathString(FormattableString.Invariant($"{MultiSessionDefaults.SlotPrefix}/{session.Slot}")));
    }

    private async Task RefuseAsync(
        HttpContext context, ControllerActionDescriptor action, ClientState state, string? named, string? page, SessionStore sessions)
    {
        // Only this browser's own sessions are named: an id from anywhere else reads as "unknown".
        var account = named is null || state.ClientId is null ? null
            : state.Find(named)?.User ?? await sessions.FindClientSessionUserAsync(state.ClientId, named, context.RequestAborted);

        var actionContext = new ActionContext(context, context.GetRouteData(), action);
        var url = urls.GetUrlHelper(actionContext);
        var localPage = page is { Length: > 0 } && page[0] == '/' && url.IsLocalUrl(page) ? page : "/";
        var model = new StaleFormModel(account, state.Active is { Status: SessionStatus.Active } active ? active.User : null,
            state.SignedIn.Count > 0, context.GetRootPathBase(), localPage);

        var result = new ViewResult
        {
            ViewName = StaleFormView,
            // 409: the form is well made, but the browser's accounts changed under it; nothing was done.
            StatusCode = StatusCodes.Status409Conflict,
            ViewData = new ViewDataDictionary<StaleFormModel>(metadata, new ModelStateDictionary()) { Model = model },
        };
        await result.ExecuteResultAsync(actionContext);
    }
}

/// <param name="Account">The account the page was opened as, when this browser listed it.</param>
/// <param name="Active">The browser's active account, if one is signed in and can act.</param>
/// <param name="AnySignedIn">Whether any account is still signed in on this browser.</param>
/// <param name="RootPathBase">Where the account-wide routes live.</param>
/// <param name="Page">The page the form was on, relative to the path base; "/" when unknown.</param>
public sealed record StaleFormModel(SessionUser? Account, SessionUser? Active, bool AnySignedIn, PathString RootPathBase, string Page)
{
    public string ContinueUrl => RootPathBase + Page;
}
