using System.ComponentModel.DataAnnotations;
using MultiSessionWeb.Data;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Profile;

public sealed record ChangePasswordInput
{
    /// <summary>Required when the account has a password (an account made by a provider sets its first one); nullable, so an empty one gets the page's own words.</summary>
    [StringLength(Limits.PasswordMaxLength, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    public string? CurrentPassword { get; init; }

    /// <summary>Shown, not posted: whether the page asks for the current password.</summary>
    public bool HasPassword { get; init; } = true;

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(Limits.PasswordMaxLength, MinimumLength = Limits.PasswordMinLength, ErrorMessage = "Use a password of {2} to {1} characters.")]
    [DataType(DataType.Password)]
    public string NewPassword { get; init; } = "";

    /// <summary>Checked by default (ASVS 7.4.3): whoever knew the old password is signed out everywhere else.</summary>
    public bool SignOutOtherDevices { get; init; } = true;
}

public sealed record ChangeEmailInput
{
    [Required(ErrorMessage = "Enter the new email address.")]
    [PlainEmail]
    [StringLength(Limits.EmailLength, ErrorMessage = "An email address has at most {1} characters.")]
    public string Email { get; init; } = "";

    /// <summary>
    /// Asked for unless the password was entered on this session in the last few minutes. Nullable, so
    /// an empty one is not the framework's "field is required" but the page's own words.
    /// </summary>
    [StringLength(Limits.PasswordMaxLength, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    public string? Password { get; init; }

    /// <summary>Shown, not posted: whether the page asks for the password.</summary>
    public bool AsksForPassword { get; init; } = true;
}

public sealed record PhoneInput
{
    [Required(ErrorMessage = "Enter a phone number.")]
    [StringLength(32, ErrorMessage = "Enter a phone number with its country code, like +44 7700 900123.")]
    public string Phone { get; init; } = "";

    public bool Verified { get; init; }
}

public sealed record UnlinkInput
{
    public long LoginId { get; init; }
}

public sealed record LinkedLogin(long Id, string Provider, string? Email, DateTime CreatedAt, DateTime? LastUsedAt);

public sealed record LinkedLoginsModel(IReadOnlyList<LinkedLogin> Logins, bool HasPassword);

/// <summary>The account page: the session it shows, and whether the account has a password (without one the page offers to set it).</summary>
public sealed record ProfileModel(Sessions.ClientSession Session, bool HasPassword);
