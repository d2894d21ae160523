using System.Globalization;

namespace MultiSessionWeb.Accounts;

/// <summary>The initials circle that stands for an account: same letters and colour everywhere, every time.</summary>
public static class Avatar
{
    public const int Colours = 12;

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
}
