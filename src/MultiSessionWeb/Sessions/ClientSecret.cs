using System.Security.Cryptography;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// The secret a client cookie carries besides its client id, renewed at every sign-in so that a copy
/// of the cookie taken before a sign-in never gains it (ASVS 7.2.4). The records keep only its hash.
/// </summary>
public static class ClientSecret
{
    public const int ByteLength = Limits.ClientSecretLength;

    private static readonly byte[] SealLabel = "MultiSessionWeb.ClientSecret.Seal"u8.ToArray();

    public static byte[] New() => RandomNumberGenerator.GetBytes(ByteLength);

    public static byte[] Hash(ReadOnlySpan<byte> secret) => SHA256.HashData(secret);

    public static bool Matches(ReadOnlySpan<byte> secret, byte[]? hash) =>
        hash is not null && CryptographicOperations.FixedTimeEquals(Hash(secret), hash);

    /// <summary>
    /// The new secret, readable only with the one it replaced: a sign-in that was already on its way
    /// with the previous secret can be handed the current one, which the records do not hold in clear.
    /// </summary>
    public static byte[] Seal(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> previous)
    {
        var sealedSecret = HMACSHA256.HashData(previous, SealLabel)[..ByteLength];
        for (var i = 0; i < ByteLength; i++)
        {
            sealedSecret[i] ^= secret[i];
        }

        return sealedSecret;
    }

    /// <summary>The inverse of <see cref="Seal"/>.</summary>
    public static byte[] Unseal(ReadOnlySpan<byte> sealedSecret, ReadOnlySpan<byte> previous) => Seal(sealedSecret, previous);
}
