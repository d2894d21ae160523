using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Reverification;

/// <summary>A page that only confirms it's you (the devices page) posts this.</summary>
public sealed record ConfirmItsYouInput
{
    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(Limits.PasswordMaxLength, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    public string Password { get; init; } = "";
}

/// <summary>
/// The one confirm field (<c>Views/Shared/_ConfirmItsYou.cshtml</c>): the page's own password property,
/// so its posted name and model-state key stay the page's, and the label it has there.
/// </summary>
public sealed record ConfirmItsYouField(ModelExpression For, string Label, string? Lead = null);

/// <summary>A page's words for each outcome.</summary>
public sealed record ConfirmItsYouText(string Missing, string Wrong, string NeedsFreshSignIn);

public static class ConfirmItsYouModelState
{
    /// <summary>
    /// Puts the outcome's words where the page shows them: on the field (<paramref name="key"/>, the
    /// name the field posts), or above the form for a fresh sign-in. Null (the password was not checked)
    /// adds nothing: the form's own mistakes are already there.
    /// </summary>
    public static void AddConfirmItsYouError(this ModelStateDictionary modelState, ReverificationOutcome? outcome, string key, ConfirmItsYouText text)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(text);
        switch (outcome)
        {
            // Unless the field's own validation has said so already.
            case ReverificationOutcome.Missing when modelState.GetFieldValidationState(key) != ModelValidationState.Invalid:
                modelState.AddModelError(key, text.Missing);
                break;
            case ReverificationOutcome.Wrong:
                modelState.AddModelError(key, text.Wrong);
                break;
            case ReverificationOutcome.NeedsFreshSignIn:
                modelState.AddModelError("", text.NeedsFreshSignIn);
                break;
        }
    }
}
