using System.ComponentModel.DataAnnotations;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.SignUp;

public sealed record SignUpInput
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(Limits.NameLength, ErrorMessage = "A name has at most {1} characters.")]
    public string Name { get; init; } = "";

    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(Limits.EmailLength, ErrorMessage = "An email address has at most {1} characters.")]
    public string Email { get; init; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(Limits.PasswordMaxLength, MinimumLength = Limits.PasswordMinLength,
        ErrorMessage = "Use a password of {2} to {1} characters.")]
    [DataType(DataType.Password)]
    public string Password { get; init; } = "";

    public string? ReturnUrl { get; init; }
}
