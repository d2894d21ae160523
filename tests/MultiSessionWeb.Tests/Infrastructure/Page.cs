using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>A page as the browser received it.</summary>
public sealed record Page(Uri Url, HttpStatusCode Status, IHtmlDocument Document, HttpResponseMessage Response)
{
    public static async Task<Page> LoadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var document = await new HtmlParser().ParseDocumentAsync(html);
        return new Page(response.RequestMessage!.RequestUri!, response.StatusCode, document, response);
    }

    public string Path => Url.AbsolutePath;

    public string Text => Document.Body?.TextContent ?? "";

    /// <summary>
    /// What the page's main part says, without <paramref name="typed"/> (the address the person typed)
    /// and without the passkey challenge, which is fresh random bytes on every page for everyone and so
    /// tells nothing about an account. For comparing the answers a real and an unknown account get.
    /// </summary>
    public string MainTextWithout(string typed) =>
        System.Text.RegularExpressions.Regex.Replace(
            (Document.QuerySelector("main")?.TextContent ?? "").Replace(typed, "", StringComparison.Ordinal),
            "\"challenge\":\"[A-Za-z0-9_-]*\"",
            "\"challenge\":\"\"");

    public string Title => Document.Title ?? "";

    /// <summary>
    /// The first form whose action ends with <paramref name="action"/> and that contains
    /// <paramref name="containing"/>, if given; else what pressing the first button outside its form
    /// that contains it and posts there would submit (see <see cref="Pressed"/>).
    /// </summary>
    public IHtmlFormElement Form(string action, string? containing = null)
    {
        var forms = Document.Forms
            .Where(f => (f.GetAttribute("action") ?? "").EndsWith(action, StringComparison.Ordinal))
            .Where(f => containing is null || f.OuterHtml.Contains(containing, StringComparison.Ordinal))
            .ToList();
        if (forms.Count >= 1)
        {
            return forms[0];
        }

        var pressed = Pressed(action, containing);
        Assert.True(pressed is not null, $"No form posting to {action} on {Url}.");
        return pressed;
    }

    /// <summary>
    /// What a browser submits when a button outside its form (<c>form="…"</c>, as the account menu's)
    /// is pressed: a copy of that form posting to the button's <c>formaction</c>, if it has one, with
    /// the button's name and value added.
    /// </summary>
    private IHtmlFormElement? Pressed(string action, string? containing)
    {
        foreach (var button in Document.QuerySelectorAll("button[form]"))
        {
            if ((containing is not null && !button.OuterHtml.Contains(containing, StringComparison.Ordinal))
                || Document.GetElementById(button.GetAttribute("form")!) is not IHtmlFormElement owner)
            {
                continue;
            }

            var target = button.GetAttribute("formaction") ?? owner.GetAttribute("action") ?? "";
            if (!target.EndsWith(action, StringComparison.Ordinal))
            {
                continue;
            }

            var copy = (IHtmlFormElement)owner.Clone(deep: true);
            copy.SetAttribute("action", target);
            if (button.GetAttribute("name") is { Length: > 0 } name)
            {
                var field = Document.CreateElement("input");
                field.SetAttribute("type", "hidden");
                field.SetAttribute("name", name);
                field.SetAttribute("value", button.GetAttribute("value") ?? "");
                copy.AppendChild(field);
            }

            return copy;
        }

        return null;
    }

    /// <summary>The email shown as the account this page acts as, read from the account menu.</summary>
    public string? ActingEmail => Document.QuerySelector(".account-menu__current .account-row__email")?.TextContent.Trim();

    /// <summary>The session the page's forms name as the one they were rendered for, if any.</summary>
    public string? RenderedSessionId =>
        Document.QuerySelector("input[name=__session]")?.GetAttribute("value")
        ?? (Document.Body?.GetAttribute("data-acting-session") is { Length: > 0 } acting ? acting : null);

    /// <summary>The other accounts the menu offers.</summary>
    public IReadOnlyList<string> OtherEmails => [.. Document.QuerySelectorAll(".account-menu .account-list .account-row__email").Select(e => e.TextContent.Trim())];
}
