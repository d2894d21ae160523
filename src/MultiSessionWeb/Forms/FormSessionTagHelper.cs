using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace MultiSessionWeb.Forms;

/// <summary>
/// Writes into every <c>&lt;form method="post"&gt;</c> the session its page was rendered for, so that
/// the post acts as the account the page showed even if another tab switched since. Works without
/// JavaScript; a page rendered for no account writes nothing.
/// </summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class FormSessionTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);

        // AllAttributes: "method" is also bound by the framework's form tag helper.
        if (!context.AllAttributes.TryGetAttribute("method", out var method)
            || !string.Equals(method.Value?.ToString(), "post", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var http = ViewContext.HttpContext;
        if (http.GetRenderedSessionId() is not { } sessionId)
        {
            return;
        }

        output.PostContent.AppendHtml(Hidden(FormSessionDefaults.SessionField, sessionId));
        output.PostContent.AppendHtml(Hidden(FormSessionDefaults.PageField, http.Request.Path + http.Request.QueryString));
    }

    private static TagBuilder Hidden(string name, string value)
    {
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.Attributes["type"] = "hidden";
        input.Attributes["name"] = name;
        input.Attributes["value"] = value;
        return input;
    }
}
