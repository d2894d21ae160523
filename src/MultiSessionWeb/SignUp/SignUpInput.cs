using System.ComponentModel.DataAnnotations;
using MultiSessionWeb.Data;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignUp;

public sealed record SignUpInput
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(Limits.NameLength, ErrorMessage = "A name has at most {1} characters.")]
    public string Name { get; init; } = "";

    [Required(ErrorMessage = "Enter your email address.")]
    [PlainEmail]
    [StringLength(Limits.EmailLength, ErrorMessage = "An email address has at most {1} characters.")]
    public string Email { get; init; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(Limits.PasswordMaxLength, MinimumLength = Limits.PasswordMinLength,
        ErrorMessage = "Use a password of {2} to {1} characters.")]
    [DataType(DataType.Password)]
    public string Password { get; init; } = "";

    public string? ReturnUrl { get; init; }
}

/// <summary>The code from the email, and the sign-up it completes (sealed by <see cref="PendingSignUps"/>).</summary>
public sealed record SignUpCodeInput
{
    public string? Email { get; init; }

    public string? SignUp { get; init; }

    [Required(ErrorMessage = "Enter the 6-digit code.")]
    [RegularExpression(@"^\s*[0-9]{6}\s*$", ErrorMessage = "The code has 6 digits.")]
    public string Code { get; init; } = "";

    public string? ReturnUrl { get; init; }
}
