using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>
/// A WebAuthn authenticator in code (ES256, attestation "none"), so the server's checks can be tested
/// without a browser: it answers the options a page prints with the JSON a browser would post.
/// </summary>
public sealed class SoftAuthenticator(string rpId, string origin) : IDisposable
{
    private static readonly string[] Transports = ["internal"];

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(16);

    public byte[]? UserHandle { get; private set; }

    public uint SignCount { get; set; }

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Answers <c>navigator.credentials.create</c> for the options JSON of a page.</summary>
    public string Create(string optionsJson)
    {
        var options = JsonNode.Parse(optionsJson)!;
        UserHandle = Base64Url.DecodeFromChars(options["user"]!["id"]!.GetValue<string>());
        var clientData = ClientData("webauthn.create", options["challenge"]!.GetValue<string>());
        var parameters = _key.ExportParameters(false);

        var cose = new CborWriter();
        cose.WriteStartMap(5);
        cose.WriteInt32(1); cose.WriteInt32(2);    // kty: EC2
        cose.WriteInt32(3); cose.WriteInt32(-7);   // alg: ES256
        cose.WriteInt32(-1); cose.WriteInt32(1);   // crv: P-256
        cose.WriteInt32(-2); cose.WriteByteString(parameters.Q.X!);
        cose.WriteInt32(-3); cose.WriteByteString(parameters.Q.Y!);
        cose.WriteEndMap();

        SignCount++;
        var authData = AuthData(0x45).Concat(new byte[16]) // AT flag; an all-zero AAGUID
            .Concat(BigEndian16(CredentialId.Length)).Concat(CredentialId).Concat(cose.Encode()).ToArray();

        var attestation = new CborWriter();
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt"); attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt"); attestation.WriteStartMap(0); attestation.WriteEndMap();
        attestation.WriteTextString("authData"); attestation.WriteByteString(authData);
        attestation.WriteEndMap();

        return JsonSerializer.Serialize(new
        {
            id = B64(CredentialId),
            rawId = B64(CredentialId),
            type = "public-key",
            response = new { clientDataJSON = B64(clientData), attestationObject = B64(attestation.Encode()), transports = Transports },
            clientExtensionResults = new { },
        });
    }

    /// <summary>Answers <c>navigator.credentials.get</c>; <paramref name="signCount"/> overrides the counter (a cloned key).</summary>
    public string Get(string optionsJson, uint? signCount = null)
    {
        var options = JsonNode.Parse(optionsJson)!;
        var clientData = ClientData("webauthn.get", options["challenge"]!.GetValue<string>());
        SignCount = signCount ?? SignCount + 1;
        var authData = AuthData(0x05).ToArray();
        var signed = authData.Concat(SHA256.HashData(clientData)).ToArray();
        var signature = _key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return JsonSerializer.Serialize(new
        {
            id = B64(CredentialId),
            rawId = B64(CredentialId),
            type = "public-key",
            response = new { clientDataJSON = B64(clientData), authenticatorData = B64(authData), signature = B64(signature), userHandle = UserHandle is null ? null : B64(UserHandle) },
            clientExtensionResults = new { },
        });
    }

    public void Dispose() => _key.Dispose();

    private byte[] ClientData(string type, string challenge) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type, challenge, origin, crossOrigin = false }));

    // rp id hash, flags (UP | UV, plus the caller's), counter
    private IEnumerable<byte> AuthData(byte flags)
    {
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, SignCount);
        return SHA256.HashData(Encoding.UTF8.GetBytes(rpId)).Append(flags).Concat(counter);
    }

    private static byte[] BigEndian16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }
}
