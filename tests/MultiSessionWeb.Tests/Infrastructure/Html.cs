using AngleSharp.Html.Dom;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>Turns a parsed form into the request a browser would send: every field it holds, token included.</summary>
public static class Html
{
    public static Uri ActionOf(Page page, IHtmlFormElement form)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(form);
        return new Uri(page.Url, form.GetAttribute("action") ?? page.Url.PathAndQuery);
    }

    public static FormUrlEncodedContent ContentOf(IHtmlFormElement form, IReadOnlyDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new Dictionary<string, string>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>())
        {
            if (!string.IsNullOrEmpty(input.Name))
            {
                fields[input.Name] = input.Value;
            }
        }

        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }

        return new FormUrlEncodedContent(fields);
    }
}
