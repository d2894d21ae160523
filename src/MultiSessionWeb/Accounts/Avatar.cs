using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Accounts;

/// <summary>The initials circle that stands for an account: same letters and colour everywhere, every time.</summary>
public static class Avatar
{
    public const int Colours = 12;

    /// <summary>
    /// The circle as HTML. Written straight to the page rather than through a partial view: it appears
    /// on every page, once per account in the menu, and a partial costs a view lookup and activation each time.
    /// </summary>
    public static IHtmlContent Html(SessionUser user) => new AvatarHtml(user);

    public static string Initials(string name, string email)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(email);
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var letters = words.Length switch
        {
            0 => email.Length > 0 ? email[..1] : "?",
            1 => words[0][..1],
            _ => string.Concat(words[0][..1], words[^1][..1]),
        };
        return letters.ToUpper(CultureInfo.InvariantCulture);
    }

    /// <summary>A colour picked from the user id, so an account keeps its colour across pages and restarts.</summary>
    public static int Colour(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var hash = 2166136261u; // FNV-1a: string.GetHashCode changes with every process
        foreach (var c in userId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Colours);
    }

    private sealed record AvatarHtml(SessionUser User) : IHtmlContent
    {
        // The initials are drawn by CSS from data-initials: the circle is decoration, and text in it would
        // become part of the accessible name of the button or menu it sits in.
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(encoder);
            writer.Write("<span class=\"avatar avatar--c");
            writer.Write(Colour(User.Id).ToString(CultureInfo.InvariantCulture));
            writer.Write("\" data-initials=\"");
            encoder.Encode(writer, Initials(User.Name, User.Email));
            writer.Write("\" aria-hidden=\"true\"></span>");
        }
    }
}
