namespace MultiSessionWeb.Users;

/// <summary>The <c>Admin</c> section: the accounts that may use the administration pages.</summary>
public sealed class AdminSettings
{
    public const string Section = "Admin";

    public IReadOnlyList<string> Emails { get; set; } = [];
}
