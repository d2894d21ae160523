using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Accounts;

/// <summary>
/// An account as the menu and the chooser list it, inside the link or button that acts on it: the
/// avatar, name, email and — when it is not simply signed in — the account's state.
/// </summary>
public static class AccountRow
{
    /// <summary>The row as HTML, written straight to the page for the same reason as <see cref="Avatar.Html"/>.</summary>
    public static IHtmlContent Html(ClientSession session) => new AccountRowHtml(session);

    private static string? Status(ClientSession session) =>
        session.IsRemembered ? "Signed out — sign in again"
        : session.Status == SessionStatus.Pending ? "Action needed"
        : null;

    private sealed record AccountRowHtml(ClientSession Session) : IHtmlContent
    {
        // The spaces between the parts are text: without them the row reads "Ann Leeann@example.test",
        // which is not what its aria-label says and not what a voice user would say to press it.
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(encoder);
            Avatar.Html(Session.User).WriteTo(writer, encoder);
            writer.Write("\n<span class=\"account-row__text\">\n<span class=\"account-row__name\">");
            encoder.Encode(writer, Session.User.Name);
            writer.Write("</span>\n<span class=\"account-row__email\">");
            encoder.Encode(writer, Session.User.Email);
            writer.Write("</span>\n");
            if (Status(Session) is { } status)
            {
                writer.Write("<span class=\"account-row__status\">");
                writer.Write(status);
                writer.Write("</span>\n");
            }

            writer.Write("</span>");
        }
    }
}
