using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// Remembers the results of an expensive, deterministic computation (opening a protected value) for a
/// bounded number of keys and a bounded time.
/// </summary>
/// <remarks>
/// Bounded twice. In size: at most about <c>capacity</c> keys, in two generations; when the newer one
/// fills, the older is dropped, and a key found in the older is carried into the newer, so what is in
/// use survives a rotation. In time: a value is used for <c>maxAge</c> after it was first computed, and
/// then computed again, so a change below (a revoked Data Protection key) counts within that bound.
/// Values are shared between callers: nothing may change them.
/// </remarks>
public class BoundedMemo<TKey, TValue>(IEqualityComparer<TKey> comparer, TimeProvider time, int capacity, TimeSpan maxAge)
    where TKey : notnull
{
    private readonly Lock _rotation = new();
    private ConcurrentDictionary<TKey, Entry> _newer = new(comparer);
    private ConcurrentDictionary<TKey, Entry> _older = new(comparer);

    /// <summary>False when the capacity is 0 or less: nothing is remembered.</summary>
    public bool Enabled => capacity > 0;

    /// <summary>About how many keys are held now (both generations).</summary>
    public int Count => _newer.Count + _older.Count;

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        var now = time.GetTimestamp();
        if (_newer.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return Fresh(entry, now);
        }

        if (_older.TryGetValue(key, out entry) && Fresh(entry, now))
        {
            Store(key, entry);
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    public void Remember(TKey key, TValue value)
    {
        if (Enabled)
        {
            Store(key, new Entry(value, time.GetTimestamp()));
        }
    }

    private bool Fresh(Entry entry, long now) => time.GetElapsedTime(entry.ComputedAt, now) < maxAge;

    private void Store(TKey key, Entry entry)
    {
        var generation = Math.Max(1, capacity / 2);
        if (_newer.Count >= generation)
        {
            lock (_rotation)
            {
                if (_newer.Count >= generation)
                {
                    _older = _newer;
                    _newer = new ConcurrentDictionary<TKey, Entry>(comparer);
                }
            }
        }

        _newer[key] = entry;
    }

    private sealed record Entry(TValue Value, long ComputedAt);
}
