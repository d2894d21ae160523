using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Mvc;

/// <summary>
/// The framework's TempData cookie, without the <c>Set-Cookie</c> that deletes it on every page. The
/// layout reads TempData on every page (for a notice), and the framework then saves it: with nothing
/// in it, that is a deletion of a cookie the browser never had, sent with every page. Here an empty
/// save deletes the cookie only when the request carried it.
/// </summary>
public sealed class SparingTempDataProvider(CookieTempDataProvider inner, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(context);
        if ((values is null || values.Count == 0) && !CarriesCookie(context.Request))
        {
            return;
        }

        inner.SaveTempData(context, values!);
    }

    /// <summary>
    /// Whether the request carried the cookie. A cookie too large for one is sent in chunks, and then
    /// the cookie of the plain name says how many: looking for that name finds both.
    /// </summary>
    private bool CarriesCookie(HttpRequest request) =>
        options.Value.Cookie.Name is not { } name || request.Cookies.ContainsKey(name);
}
