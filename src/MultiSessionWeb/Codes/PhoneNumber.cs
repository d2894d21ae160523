using System.Text.RegularExpressions;

namespace MultiSessionWeb.Codes;

/// <summary>Phone numbers in E.164: a plus, a country code and up to 15 digits, e.g. +4915123456789.</summary>
public static partial class PhoneNumber
{
    /// <summary>The E.164 form of what was typed (spaces, dashes, dots and brackets dropped), or null when it is not one.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 32)
        {
            return null;
        }

        var compact = Separators().Replace(typed.Trim(), "");
        return E164().IsMatch(compact) ? compact : null;
    }

    [GeneratedRegex(@"[\s\-.()]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
