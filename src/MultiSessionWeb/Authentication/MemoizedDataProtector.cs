using Microsoft.AspNetCore.DataProtection;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// Antiforgery's Data Protection with recent results remembered. Every page with a form opens the
/// browser's antiforgery cookie and seals a request token; for one browser both are the same bytes on
/// every page (the token is bound to the client, which does not change), so doing the cryptography
/// again buys nothing.
/// </summary>
/// <remarks>
/// Unprotect remembers only data that opened, keyed by the exact protected bytes, so a tampered or
/// foreign token misses and is refused by the key ring as before. Protect remembers the sealed bytes
/// of each plaintext: the same plaintext then seals to the same bytes for <c>maxAge</c>, which tells
/// nobody anything here, since the plaintext is a random cookie token plus the client it belongs to.
/// Arrays are copied in and out, so a caller that reuses its buffer cannot change what is remembered.
/// </remarks>
public sealed class MemoizedDataProtector(IDataProtector inner, TimeProvider time, int capacity, TimeSpan maxAge) : IDataProtector
{
    private readonly BoundedMemo<byte[], byte[]> _sealed = new(BytesComparer.Instance, time, capacity, maxAge);
    private readonly BoundedMemo<byte[], byte[]> _opened = new(BytesComparer.Instance, time, capacity, maxAge);

    /// <summary>Another purpose is another key: its protector is the key ring's own, not remembered.</summary>
    public IDataProtector CreateProtector(string purpose) => inner.CreateProtector(purpose);

    public byte[] Protect(byte[] plaintext) => Remembered(_sealed, plaintext, inner.Protect);

    public byte[] Unprotect(byte[] protectedData) => Remembered(_opened, protectedData, inner.Unprotect);

    private static byte[] Remembered(BoundedMemo<byte[], byte[]> memo, byte[] input, Func<byte[], byte[]> compute)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (memo.TryGet(input, out var remembered))
        {
            return [.. remembered];
        }

        // Throws for data that does not open: nothing is remembered then.
        var output = compute(input);
        memo.Remember([.. input], [.. output]);
        return output;
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public static readonly BytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
