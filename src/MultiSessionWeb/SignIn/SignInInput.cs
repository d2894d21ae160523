using System.ComponentModel.DataAnnotations;
using MultiSessionWeb.Data;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

public sealed record SignInInput
{
    [Required(ErrorMessage = "Enter your email address.")]
    [PlainEmail]
    [StringLength(Limits.EmailLength, ErrorMessage = "An email address has at most {1} characters.")]
    public string Email { get; init; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(Limits.PasswordMaxLength, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    public string Password { get; init; } = "";

    public string? ReturnUrl { get; init; }
}
