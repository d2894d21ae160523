using System.ComponentModel.DataAnnotations;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Tasks;

public sealed record ResetPasswordInput
{
    /// <summary>The code emailed to the account's verified address: proof that only the owner has.</summary>
    [Required(ErrorMessage = "Enter the 6-digit code we emailed you.")]
    [RegularExpression(@"^\s*[0-9]{6}\s*$", ErrorMessage = "The code has 6 digits.")]
    public string Code { get; init; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(Limits.PasswordMaxLength, MinimumLength = Limits.PasswordMinLength, ErrorMessage = "Use a password of {2} to {1} characters.")]
    [DataType(DataType.Password)]
    public string NewPassword { get; init; } = "";

    public string? ReturnUrl { get; init; }
}

public sealed record ResetPasswordCodeInput
{
    public string? ReturnUrl { get; init; }
}
