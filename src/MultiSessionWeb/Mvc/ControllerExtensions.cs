using Microsoft.AspNetCore.Mvc;

namespace MultiSessionWeb.Mvc;

public static class ControllerExtensions
{
    public const string NoticeKey = "Notice";

    /// <summary>To <paramref name="returnUrl"/> when it stays on this site, else home — never off-site.</summary>
    public static IActionResult RedirectToLocal(this Controller controller, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return controller.LocalRedirect(controller.Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    /// <summary>429 with Retry-After; the status page explains it.</summary>
    public static IActionResult TooManyAttempts(this Controller controller, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(controller);
        Security.AbuseLimitExtensions.SetRetryAfter(controller.HttpContext, retryAfter);
        return controller.StatusCode(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The form again with its message; a 429 with Retry-After when the refusal is a rate.</summary>
    public static ViewResult AsRefusal(this ViewResult view, HttpContext http, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (retryAfter is { } wait)
        {
            Security.AbuseLimitExtensions.SetRetryAfter(http, wait);
            view.StatusCode = StatusCodes.Status429TooManyRequests;
        }

        return view;
    }

    /// <summary>A one-line message shown on the next page.</summary>
    public static void Notify(this Controller controller, string message)
    {
        ArgumentNullException.ThrowIfNull(controller);
        controller.TempData[NoticeKey] = message;
    }
}
