using System.ComponentModel.DataAnnotations;

namespace MultiSessionWeb.Accounts;

public sealed record SessionInput
{
    [Required(ErrorMessage = "Choose an account.")]
    public string SessionId { get; init; } = "";

    public string? ReturnUrl { get; init; }
}

public sealed record SignOutInput
{
    /// <summary>The account to sign out of; the one the request acts as when empty.</summary>
    public string? SessionId { get; init; }

    public string? ReturnUrl { get; init; }
}
