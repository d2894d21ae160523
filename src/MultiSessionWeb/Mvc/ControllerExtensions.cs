using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace MultiSessionWeb.Mvc;

public static class ControllerExtensions
{
    public const string NoticeKey = "Notice";

    // Longer return URLs are not ones this site makes; they go home rather than into a header.
    private const int ReturnUrlMaxLength = 2048;

    /// <summary>To <paramref name="returnUrl"/> when it stays on this site, else home — never off-site.</summary>
    public static IActionResult RedirectToLocal(this Controller controller, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return controller.LocalRedirect(LocalUrlOrHome(controller.Url, returnUrl));
    }

    /// <summary>
    /// <paramref name="returnUrl"/> when it is local, escaped so that it fits a <c>Location</c> header;
    /// else <c>/</c>. Kestrel refuses non-ASCII header values with an exception, and by the time a
    /// sign-in redirects the session already exists — so the URL is made safe here, not left to fail there.
    /// </summary>
    public static string LocalUrlOrHome(IUrlHelper url, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > ReturnUrlMaxLength || !url.IsLocalUrl(returnUrl))
        {
            return "/";
        }

        var escaped = new StringBuilder(returnUrl.Length);
        for (var i = 0; i < returnUrl.Length; i++)
        {
            var c = returnUrl[i];
            if (c == '%' && !(i + 2 < returnUrl.Length && Uri.IsHexDigit(returnUrl[i + 1]) && Uri.IsHexDigit(returnUrl[i + 2])))
            {
                escaped.Append("%25");
            }
            else if (c is > ' ' and < (char)0x7F)
            {
                escaped.Append(c);
            }
            else
            {
                // Non-ASCII, spaces and control characters as percent-encoded UTF-8 (a lone surrogate becomes U+FFFD).
                var length = char.IsHighSurrogate(c) && i + 1 < returnUrl.Length && char.IsLowSurrogate(returnUrl[i + 1]) ? 2 : 1;
                foreach (var b in Encoding.UTF8.GetBytes(returnUrl.Substring(i, length)))
                {
                    escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += length - 1;
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// To the active session's due task, then on to <paramref name="returnUrl"/> when it stays on this
    /// site, else home.
    /// </summary>
    public static IActionResult RedirectToTask(this Controller controller, AppUrls urls, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(urls);
        return controller.LocalRedirect(urls.Browser.Task(LocalUrlOrHome(controller.Url, returnUrl)));
    }

    /// <summary>The first message model binding or validation left, for a page that shows one.</summary>
    public static string FirstModelError(this Controller controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return controller.ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage;
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
