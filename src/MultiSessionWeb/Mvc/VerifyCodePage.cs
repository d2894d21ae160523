using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Codes;

namespace MultiSessionWeb.Mvc;

/// <summary>
/// The "enter the code" page (<c>Views/Shared/VerifyCode.cshtml</c>) of every flow that sends one:
/// sign-in, sign-up, a new email address, a phone number. One place says what each page tells the
/// person and where its two forms post, so the pages cannot drift apart.
/// </summary>
public sealed class VerifyCodePage(IOptions<CodeSettings> settings, AppUrls urls)
{
    public VerifyCodeModel SignIn(string? email, string? phone, string? returnUrl, string? error = null) => new(
        "Check your " + (phone is null ? "email" : "phone"),
        phone is null
            ? $"If {email} has an account, we sent it a 6-digit code. {ValidFor}"
            : $"If {phone} belongs to an account, we texted it a 6-digit code. {ValidFor}",
        urls.Browser.SignInCodeVerify(),
        urls.Browser.SignInCode(),
        new Dictionary<string, string?> { ["Email"] = email, ["Phone"] = phone, ["ReturnUrl"] = returnUrl },
        error);

    /// <summary>The sign-up's code page; it carries the pending sign-up, sealed, because the server keeps nothing of it.</summary>
    public VerifyCodeModel SignUp(string email, string sealedSignUp, string? returnUrl, string? error = null) => new(
        "Verify your email",
        $"We sent a 6-digit code to {email}. Enter it to finish. {ValidFor}",
        urls.Browser.SignUpVerify(),
        urls.Browser.SignUpResend(),
        new Dictionary<string, string?> { ["Email"] = email, ["SignUp"] = sealedSignUp, ["ReturnUrl"] = returnUrl },
        error);

    public VerifyCodeModel NewEmail(string address, string? error = null) => new(
        "Confirm your new email address",
        $"We emailed a 6-digit code to {address}. {ValidFor}",
        urls.Account.EmailVerify(),
        urls.Account.Email(),
        new Dictionary<string, string?> { ["Email"] = address },
        error);

    public VerifyCodeModel Phone(string phone, string? error = null) => new(
        "Verify your phone number",
        $"We texted a 6-digit code to {phone}. {ValidFor}",
        urls.Account.PhoneVerify(),
        urls.Account.Phone(),
        new Dictionary<string, string?> { ["Phone"] = phone },
        error);

    private string ValidFor => $"It is valid for {settings.Value.Lifetime.TotalMinutes:0} minutes.";
}

/// <param name="Title">The page's heading.</param>
/// <param name="Destination">Where the code went, said so that it reveals nothing the person did not type.</param>
/// <param name="VerifyAction">Where the code is posted; from <see cref="AppUrls"/>.</param>
/// <param name="ResendAction">Where "Send a new code" posts; from <see cref="AppUrls"/>.</param>
/// <param name="Fields">Hidden fields both forms carry; null values are left out.</param>
/// <param name="Error">The message at the code field.</param>
/// <param name="Notice">A status line above the form, e.g. that a new code was sent.</param>
public sealed record VerifyCodeModel(
    string Title,
    string Destination,
    string VerifyAction,
    string ResendAction,
    IReadOnlyDictionary<string, string?> Fields,
    string? Error = null,
    string? Notice = null);

/// <summary>The code typed on a <see cref="VerifyCodePage"/>, and what it was sent to.</summary>
public sealed record CodeVerifyInput
{
    public string? Email { get; init; }

    public string? Phone { get; init; }

    [Required(ErrorMessage = "Enter the 6-digit code.")]
    [RegularExpression(@"^\s*[0-9]{6}\s*$", ErrorMessage = "The code has 6 digits.")]
    public string Code { get; init; } = "";

    public string? ReturnUrl { get; init; }
}
