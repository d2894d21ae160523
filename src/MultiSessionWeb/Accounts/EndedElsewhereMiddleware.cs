using Microsoft.AspNetCore.Mvc.ViewFeatures;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Accounts;

/// <summary>
/// Says once, on the next page, that the browser's active account was ended from elsewhere (another
/// device, a password change, an administrator) or expired, naming it — instead of the account
/// quietly disappearing. Once: the answer rewrites the cookie without that account as active.
/// </summary>
public sealed class EndedElsewhereMiddleware(RequestDelegate next, ITempDataDictionaryFactory tempData)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<MultiSessionFeature>() is { RequestCookie.ActiveSessionId: { } activeId } feature
            && feature.State.Find(activeId) is { IsRemembered: true } ended)
        {
            // The notice is carried like any other, so that it survives the redirect this request
            // may answer with (a page that needs an account sends the browser to the chooser).
            var data = tempData.GetTempData(context);
            data[ControllerExtensions.NoticeKey] = AccountTexts.Ended(ended);
            context.Response.OnStarting(() =>
            {
                data.Save();
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}

/// <summary>What the pages and the tab alert say about an account that left.</summary>
public static class AccountTexts
{
    /// <summary>Ended from elsewhere, or by time.</summary>
    public static string Ended(ClientSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Status == SessionStatus.Expired ? Expired(session.User.Name) : Revoked(session.User.Name);
    }

    public static string Revoked(string name) => $"{name} was signed out on another device.";

    public static string Expired(string name) => $"{name}'s session expired. Sign in again to go on.";

    public static string SignedOutInAnotherTab(string name) => $"{name} was signed out in another tab.";
}
