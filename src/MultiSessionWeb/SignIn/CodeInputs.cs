using System.ComponentModel.DataAnnotations;
using MultiSessionWeb.Data;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.SignIn;

/// <summary>Asking for a sign-in code: by email (<see cref="Email"/>) or by SMS (<see cref="Phone"/>).</summary>
public sealed record CodeRequestInput
{
    [PlainEmail]
    [StringLength(Limits.EmailLength, ErrorMessage = "An email address has at most {1} characters.")]
    public string? Email { get; init; }

    [StringLength(32, ErrorMessage = "Enter a phone number with its country code, like +44 7700 900123.")]
    public string? Phone { get; init; }

    public string? ReturnUrl { get; init; }

    public bool BySms => Email is null && Phone is not null;
}
