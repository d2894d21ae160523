using System.ComponentModel.DataAnnotations;
using MultiSessionWeb.Data;
using MultiSessionWeb.Passkeys;
using MultiSessionWeb.Reverification;

namespace MultiSessionWeb.Profile;

/// <summary>What the browser's passkey answered (JSON) and the sealed ceremony it answers.</summary>
public record PasskeyAnswerInput
{
    [StringLength(16 * 1024, ErrorMessage = "That passkey answer is too long.")]
    public string? Credential { get; init; }

    [StringLength(16 * 1024, ErrorMessage = "That passkey request is too long.")]
    public string? PasskeyState { get; init; }
}

public sealed record AddPasskeyInput : PasskeyAnswerInput
{
    [StringLength(Limits.PasskeyNameLength, ErrorMessage = "A passkey name has at most {1} characters.")]
    public string? Name { get; init; }
}

public sealed record RenamePasskeyInput
{
    [Required(ErrorMessage = "Choose which passkey to rename.")]
    [StringLength(Data.OpaqueId.MaxLength, ErrorMessage = "Choose which passkey to rename.")]
    public string PasskeyId { get; init; } = "";

    [Required(ErrorMessage = "Enter a name for the passkey.")]
    [StringLength(Limits.PasskeyNameLength, ErrorMessage = "A passkey name has at most {1} characters.")]
    public string Name { get; init; } = "";
}

public sealed record RemovePasskeyInput
{
    [Required(ErrorMessage = "Choose which passkey to remove.")]
    [StringLength(Data.OpaqueId.MaxLength, ErrorMessage = "Choose which passkey to remove.")]
    public string PasskeyId { get; init; } = "";

    [StringLength(Limits.PasswordMaxLength, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    public string? Password { get; init; }
}

/// <param name="Passkeys">The account's passkeys, oldest first.</param>
/// <param name="Add">The ceremony for "Add a passkey"; null when the account holds the most it may.</param>
/// <param name="Needs">What removing one asks for now.</param>
/// <param name="Remove">The remove form as posted, to show its errors.</param>
public sealed record PasskeysModel(IReadOnlyList<PasskeyCredential> Passkeys, PasskeyCeremony? Add, ConfirmWith Needs, RemovePasskeyInput Remove);
