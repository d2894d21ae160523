using System.ComponentModel.DataAnnotations;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Tasks;

public sealed record ResetPasswordInput
{
    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(Limits.PasswordMaxLength, MinimumLength = Limits.PasswordMinLength, ErrorMessage = "Use a password of {2} to {1} characters.")]
    [DataType(DataType.Password)]
    public string NewPassword { get; init; } = "";

    public string? ReturnUrl { get; init; }
}
