using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Microsoft.AspNetCore.DataProtection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Security;

namespace MultiSessionWeb.Passkeys;

/// <summary>The kinds of ceremony; a state sealed for one is refused by the others.</summary>
public static class PasskeyCeremonyKinds
{
    public const string Register = "register";
    public const string SignIn = "sign-in";
    public const string Reverify = "reverify";
}

/// <summary>What a page needs to start a ceremony: the options for the browser and the sealed state for the form.</summary>
public sealed record PasskeyCeremony(string OptionsJson, string State);

/// <summary>The end of a ceremony: the account it proved (or the passkey it added), or what to tell the person.</summary>
public sealed record PasskeyResult(string? UserId, PasskeyCredential? Added, string? Problem)
{
    public static PasskeyResult Refused(string problem) => new(null, null, problem);
}

/// <summary>
/// WebAuthn registration and sign-in. The ceremony's options travel sealed (Data Protection) in a
/// hidden field, bound to this browser's device id, good for five minutes and used once, so no
/// anonymous page view writes to the database.
/// </summary>
public sealed class PasskeyCeremonies(
    IFido2 fido2, PasskeyStore store, DeviceCookie device, IDataProtectionProvider protection, SecurityActivity activity,
    TimeProvider time, ILogger<PasskeyCeremonies> logger)
{
    public const string Purpose = "MultiSessionWeb.Passkeys.Ceremony.v1";
    public const string Failed = "That passkey didn't work. Try again, or sign in another way.";
    public const string Stale = "That passkey request expired or was already used. Try again.";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // The largest response a browser sends is a few kilobytes; anything longer is not worth parsing.
    private const int MaxJsonLength = 16 * 1024;

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public PasskeyCeremony StartRegistration(User user, IEnumerable<PasskeyCredential> existing)
    {
        ArgumentNullException.ThrowIfNull(user);
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            // The user handle is the opaque user id: no personal data, well under WebAuthn's 64 bytes.
            User = new Fido2User { Id = Encoding.UTF8.GetBytes(user.Id), Name = user.Email, DisplayName = user.Name },
            ExcludeCredentials = [.. existing.Select(Descriptor)],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                // Discoverable, so that the passkey alone picks the account; verified, so it counts as two factors.
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
            Extensions = new AuthenticationExtensionsClientInputs { CredProps = true },
        });
        return new(Safe(options.ToJson()), Seal(PasskeyCeremonyKinds.Register, user.Id, options.ToJson()));
    }

    /// <summary>
    /// A sign-in or confirmation: with no <paramref name="userId"/> and no <paramref name="allowed"/> passkeys
    /// the authenticator picks the account; else only that account's passkeys are asked for (and accepted).
    /// </summary>
    public PasskeyCeremony StartAssertion(string kind, string? userId, IEnumerable<PasskeyCredential> allowed)
    {
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. allowed.Select(Descriptor)],
            UserVerification = UserVerificationRequirement.Required,
        });
        return new(Safe(options.ToJson()), Seal(kind, userId, options.ToJson()));
    }

    public async Task<PasskeyResult> FinishRegistrationAsync(
        User user, string name, string? credentialJson, string? sealedState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var state = await UseAsync(PasskeyCeremonyKinds.Register, sealedState, cancellationToken);
        if (state is null || state.UserId != user.Id)
        {
            return PasskeyResult.Refused(Stale);
        }

        if (Parse<AuthenticatorAttestationRawResponse>(credentialJson) is not { } response)
        {
            return PasskeyResult.Refused(Failed);
        }

        try
        {
            var credential = await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(state.OptionsJson),
                // Unique across every account, not only this one's.
                IsCredentialIdUniqueToUserCallback = async (args, token) => !await store.ExistsAsync(args.CredentialId, token),
            }, cancellationToken);
            return new(user.Id, new PasskeyCredential
            {
                Id = OpaqueId.New(OpaqueId.PasskeyPrefix),
                UserId = user.Id,
                CredentialId = credential.Id,
                UserHandle = credential.User.Id,
                PublicKey = credential.PublicKey,
                SignCount = credential.SignCount,
                IsBackupEligible = credential.IsBackupEligible,
                IsBackedUp = credential.IsBackedUp,
                Transports = credential.Transports is { Length: > 0 } t ? string.Join(',', t.Select(x => x.ToEnumMemberValue())) : null,
                AaGuid = credential.AaGuid,
                Name = name,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            }, null);
        }
        catch (Fido2VerificationException e)
        {
            Log.CeremonyRefused(logger, e.Message);
            return PasskeyResult.Refused(Failed);
        }
    }

    /// <summary>
    /// Checks a sign-in or confirmation. With <paramref name="expectedUserId"/> (or a user sealed in the
    /// state) the passkey must be one of that account's; a counter that went back is refused and recorded.
    /// </summary>
    public async Task<PasskeyResult> FinishAssertionAsync(
        string kind, string? expectedUserId, string? credentialJson, string? sealedState, HttpContext http, CancellationToken cancellationToken)
    {
        var state = await UseAsync(kind, sealedState, cancellationToken);
        if (state is null || (expectedUserId is not null && state.UserId != expectedUserId))
        {
            return PasskeyResult.Refused(Stale);
        }

        if (Parse<AuthenticatorAssertionRawResponse>(credentialJson) is not { RawId: { Length: > 0 } rawId } response
            || await store.FindAsync(rawId, cancellationToken) is not { } stored)
        {
            return PasskeyResult.Refused(Failed);
        }

        // "Sign in again as Ann" must not become a sign-in as whoever owns the passkey offered.
        if (state.UserId is not null && stored.UserId != state.UserId)
        {
            Log.CeremonyRefused(logger, "a passkey of another account");
            return PasskeyResult.Refused(Failed);
        }

        try
        {
            var result = await fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(state.OptionsJson),
                StoredPublicKey = stored.PublicKey,
                StoredSignatureCounter = (uint)stored.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(
                    args.UserHandle.AsSpan().SequenceEqual(stored.UserHandle) && args.CredentialId.AsSpan().SequenceEqual(stored.CredentialId)),
            }, cancellationToken);
            await store.UsedAsync(stored.Id, result.SignCount, result.IsBackedUp, cancellationToken);
            return new(stored.UserId, null, null);
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.InvalidSignCount)
        {
            Log.CounterWentBack(logger, stored.UserId);
            await activity.RecordAsync(stored.UserId, SecurityEventTypes.PasskeyCounterMismatch, http, stored.Name);
            return PasskeyResult.Refused(Failed);
        }
        catch (Fido2VerificationException e)
        {
            Log.CeremonyRefused(logger, e.Message);
            return PasskeyResult.Refused(Failed);
        }
    }

    private sealed record State(string Kind, string Binding, string Nonce, string? UserId, string OptionsJson, DateTime ExpireAt);

    private string Seal(string kind, string? userId, string optionsJson) =>
        _protector.Protect(JsonSerializer.Serialize(new State(
            kind, device.EnsureDeviceId(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), userId, optionsJson,
            time.GetUtcNow().UtcDateTime + Lifetime)));

    /// <summary>The state, if it is this kind's, this browser's, unexpired, and not used before (it is used now).</summary>
    private async Task<State?> UseAsync(string kind, string? sealedState, CancellationToken cancellationToken)
    {
        State? state;
        try
        {
            state = string.IsNullOrEmpty(sealedState) || sealedState.Length > MaxJsonLength
                ? null
                : JsonSerializer.Deserialize<State>(_protector.Unprotect(sealedState));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            state = null;
        }

        var binding = device.DeviceId;
        if (state is null || state.Kind != kind || state.ExpireAt <= time.GetUtcNow().UtcDateTime || binding is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state.Binding), Encoding.UTF8.GetBytes(binding)))
        {
            Log.CeremonyRefused(logger, "state missing, expired or from another browser");
            return null;
        }

        if (!await store.TryUseNonceAsync(state.Nonce, state.ExpireAt, cancellationToken))
        {
            Log.CeremonyRefused(logger, "state used before");
            return null;
        }

        return state;
    }

    private static T? Parse<T>(string? json) where T : class
    {
        if (string.IsNullOrEmpty(json) || json.Length > MaxJsonLength)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    private static PublicKeyCredentialDescriptor Descriptor(PasskeyCredential passkey) =>
        new(PublicKeyCredentialType.PublicKey, passkey.CredentialId,
            passkey.Transports?.Split(',').Select(EnumExtensions.ToEnum<AuthenticatorTransport>).ToArray());

    // The options go into a JSON data block of the page; "<" would let a display name close it.
    private static string Safe(string json) => json.Replace("<", "\\u003c", StringComparison.Ordinal);
}
