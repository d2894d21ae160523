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

        // As a browser does: every named field in order, a checkbox only when checked (MVC pairs
        // each checkbox with a hidden "false"), and a value given by the test replaces them all.
        // Read from the markup rather than the form's element list, which a copy made by
        // Page.Form for a pressed button (one outside the form) does not have.
        var fields = form.QuerySelectorAll("input").OfType<IHtmlInputElement>()
            .Where(input => !string.IsNullOrEmpty(input.Name))
            .Where(input => input.Type is not ("checkbox" or "radio") || input.IsChecked)
            .Select(input => new KeyValuePair<string, string>(input.Name!, input.Value))
            .ToList();
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(field => field.Key == name);
            fields.Add(new KeyValuePair<string, string>(name, value));
        }

        return new FormUrlEncodedContent(fields);
    }

    /// <summary>
    /// A post a test writes by hand, as a form on <paramref name="page"/> would send it: the page's
    /// antiforgery token and the session the page was rendered for, then <paramref name="values"/>.
    /// </summary>
    public static FormUrlEncodedContent HandMade(Page page, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(values);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        };
        if (page.RenderedSessionId is { } session)
        {
            fields["__session"] = session;
        }

        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        return new FormUrlEncodedContent(fields);
    }
}
