using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using MimeKit;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Users;

/// <summary>
/// Email addresses as this app accepts them: a plain addr-spec (<c>name@example.com</c>) in ASCII — no
/// display name, angle brackets, quotes, comments, spaces, empty or trailing dots. MailKit sends the
/// mail, so its strict parser must read exactly the same address with no name, or the address is refused.
/// </summary>
public static partial class EmailAddresses
{
    public const string Problem = "Enter an email address like name@example.com, with no name, spaces or brackets.";

    private static readonly ParserOptions StrictParser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    /// <summary>The address as stored and mailed to (trimmed), or null when it is not a plain address.</summary>
    public static string? Canonical(string? typed)
    {
        var address = typed?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > Limits.EmailLength || !AddrSpec().IsMatch(address))
        {
            return null;
        }

        // RFC 5321 caps the local part at 64 octets; servers refuse longer ones.
        if (address.LastIndexOf('@') > 64)
        {
            return null;
        }

        return MailboxAddress.TryParse(StrictParser, address, out var parsed)
            && string.IsNullOrEmpty(parsed.Name)
            && string.Equals(parsed.Address, address, StringComparison.Ordinal)
                ? address
                : null;
    }

    // dot-atom local part @ dot-separated host labels (at least two), ASCII only.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex AddrSpec();
}

/// <summary>Validates a field with <see cref="EmailAddresses.Canonical"/>; empty passes (that is [Required]'s job).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PlainEmailAttribute : ValidationAttribute
{
    public PlainEmailAttribute()
        : base(EmailAddresses.Problem)
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string text && (text.Length == 0 || EmailAddresses.Canonical(text) is not null));
}
