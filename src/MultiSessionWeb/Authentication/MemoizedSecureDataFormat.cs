using Microsoft.AspNetCore.Authentication;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// Remembers what recent protected values unprotected to. A browser sends the same cookie on every
/// page until the cookie changes, and Data Protection authenticates the whole protected string, so
/// one exact string always opens to one payload: decrypting and verifying it again on every request
/// buys nothing. Only values that opened are remembered, keyed by the exact string (ordinal); anything
/// else — a tampered, truncated or foreign value — misses and goes to the inner format, which refuses
/// it as before.
/// </summary>
/// <remarks>
/// Bounded in size and age by <see cref="BoundedMemo{TKey, TValue}"/>: a Data Protection key revoked on
/// the key ring stops opening a remembered cookie at most <c>maxAge</c> after the key ring itself
/// refuses it. The payloads are shared between requests: nothing may change them (the scheme only
/// reads a request's cookie).
/// </remarks>
public sealed class MemoizedSecureDataFormat<TData>(ISecureDataFormat<TData> inner, TimeProvider time, int capacity, TimeSpan maxAge)
    : ISecureDataFormat<TData>
    where TData : class
{
    private readonly BoundedMemo<string, TData> _opened = new(StringComparer.Ordinal, time, capacity, maxAge);

    public string Protect(TData data) => inner.Protect(data);

    public string Protect(TData data, string? purpose) => inner.Protect(data, purpose);

    public TData? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public TData? Unprotect(string? protectedText, string? purpose)
    {
        // A purpose makes another protector: such values are opened every time, as the framework does.
        if (protectedText is null || purpose is not null || !_opened.Enabled)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (_opened.TryGet(protectedText, out var remembered))
        {
            return remembered;
        }

        var data = inner.Unprotect(protectedText);
        if (data is not null)
        {
            _opened.Remember(protectedText, data);
        }

        return data;
    }
}
