using System.Collections.Concurrent;
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
/// Bounded twice. In size: at most about <c>capacity</c> values, in two generations; when the newer
/// one fills, the older is dropped. In time: an entry is used for <c>maxAge</c> after it was opened and
/// then opened again, so a Data Protection key revoked on the key ring stops opening a remembered
/// cookie at most <c>maxAge</c> after the key ring itself refuses it. The payloads are shared between
/// requests: nothing may change them (the scheme only reads a request's cookie).
/// </remarks>
public sealed class MemoizedSecureDataFormat<TData>(ISecureDataFormat<TData> inner, TimeProvider time, int capacity, TimeSpan maxAge)
    : ISecureDataFormat<TData>
    where TData : class
{
    private readonly Lock _rotation = new();
    private ConcurrentDictionary<string, Entry> _newer = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, Entry> _older = new(StringComparer.Ordinal);

    public string Protect(TData data) => inner.Protect(data);

    public string Protect(TData data, string? purpose) => inner.Protect(data, purpose);

    public TData? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public TData? Unprotect(string? protectedText, string? purpose)
    {
        // A purpose makes another protector: such values are opened every time, as the framework does.
        if (protectedText is null || purpose is not null || capacity <= 0)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = time.GetTimestamp();
        if (Find(protectedText, now) is { } remembered)
        {
            return remembered;
        }

        var data = inner.Unprotect(protectedText);
        if (data is not null)
        {
            Remember(protectedText, new Entry(data, now));
        }

        return data;
    }

    private TData? Find(string protectedText, long now)
    {
        if (_newer.TryGetValue(protectedText, out var entry))
        {
            return Fresh(entry, now) ? entry.Data : null;
        }

        if (_older.TryGetValue(protectedText, out entry) && Fresh(entry, now))
        {
            // Still in use: carried into the newer generation, so the next rotation keeps it.
            Remember(protectedText, entry);
            return entry.Data;
        }

        return null;
    }

    private bool Fresh(Entry entry, long now) => time.GetElapsedTime(entry.OpenedAt, now) < maxAge;

    private void Remember(string protectedText, Entry entry)
    {
        if (_newer.Count >= Math.Max(1, capacity / 2))
        {
            lock (_rotation)
            {
                if (_newer.Count >= Math.Max(1, capacity / 2))
                {
                    _older = _newer;
                    _newer = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
                }
            }
        }

        _newer[protectedText] = entry;
    }

    private sealed record Entry(TData Data, long OpenedAt);
}
