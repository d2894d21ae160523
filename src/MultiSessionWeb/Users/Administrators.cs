using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Users;

/// <summary>Which accounts are administrators: those whose email is listed in <c>Admin:Emails</c>.</summary>
public sealed class Administrators(IOptionsMonitor<AdminSettings> settings)
{
    public bool Includes(string? email) =>
        email is not null && settings.CurrentValue.Emails.Any(e => string.Equals(e.Trim(), email, StringComparison.OrdinalIgnoreCase));
}
