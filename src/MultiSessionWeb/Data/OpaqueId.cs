using System.Buffers.Text;
using System.Security.Cryptography;

namespace MultiSessionWeb.Data;

/// <summary>
/// Ids like <c>sess_3q2-7wEV…</c>: a prefix and 128 random bits in base64url. The cookie stores the
/// 16 raw bytes, which is what keeps ten tickets small.
/// </summary>
public static class OpaqueId
{
    public const string UserPrefix = "user_";
    public const string ClientPrefix = "client_";
    public const string SessionPrefix = "sess_";
    public const string PendingSignInPrefix = "psi_";
    public const string RecoveryCodePrefix = "rc_";
    public const string PasskeyPrefix = "pk_";

    public const int ByteLength = 16;
    public const int MaxLength = 32;

    private const int EncodedLength = 22;

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        RandomNumberGenerator.Fill(bytes);
        return Format(prefix, bytes);
    }

    public static string Format(string prefix, ReadOnlySpan<byte> bytes) =>
        string.Concat(prefix, Base64Url.EncodeToString(bytes));

    /// <summary>Writes the id's 16 bytes; false for anything that is not an id with this prefix.</summary>
    public static bool TryGetBytes(string prefix, string? id, Span<byte> destination)
    {
        if (id is null || id.Length != prefix.Length + EncodedLength || !id.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return Base64Url.TryDecodeFromChars(id.AsSpan(prefix.Length), destination, out var written)
            && written == ByteLength
            && Format(prefix, destination[..ByteLength]) == id; // rejects non-canonical trailing bits
    }
}
