using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// Each browser's listed sessions and secret hashes, kept in memory so that a signed-in request does not have to ask the
/// database. The app's own changes drop a browser's entry at once: session records change through
/// <see cref="SessionStore"/> and <see cref="ClientSecrets"/>, which drop the entry after every change
/// they commit (and, with PostgreSQL, tell the other instances through <see cref="ClientChanges"/>),
/// and a read of the records that overlapped such a change is not kept. A change made outside the app
/// (an operator's SQL) counts once the entry is <see cref="SessionSettings.ClientCacheMaxAge"/> old.
/// Time-based ends (lifetime, inactivity) need no entry dropped: they are checked against the clock on every request.
/// </summary>
/// <remarks>
/// Off when <see cref="SessionSettings.ClientCacheSize"/> is 0. With PostgreSQL it keeps nothing while
/// <see cref="ClientChangeListener"/> is not listening (<see cref="Suspend"/>), since other instances'
/// changes would then go unheard.
/// </remarks>
public sealed class ClientSessionCache : IDisposable
{
    // A browser whose entry is dropped while its records are being read must not get that read kept.
    // Each stripe counts the drops of the browsers hashed to it; a read is kept only if its stripe's
    // count did not move while it ran. Stripes keep the counters bounded and the locks uncontended.
    private const int Stripes = 64;

    private readonly MemoryCache? entries;
    private readonly TimeProvider time;
    private readonly TimeSpan maxAge;
    private readonly long[] versions = new long[Stripes];
    private readonly Lock[] locks = [.. Enumerable.Range(0, Stripes).Select(_ => new Lock())];
    private volatile bool suspended;

    /// <summary>With <paramref name="suspended"/>, keeps nothing until <see cref="Resume"/> (PostgreSQL, before its listener listens).</summary>
    public ClientSessionCache(IOptions<SessionSettings> settings, TimeProvider time, bool suspended = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        var size = settings.Value.ClientCacheSize;
        entries = size > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = size }) : null;
        this.time = time;
        maxAge = settings.Value.ClientCacheMaxAge;
        this.suspended = suspended;
    }

    public bool TryGet(string clientId, [NotNullWhen(true)] out ClientRecords? records)
    {
        records = null;
        if (suspended || entries is null || !entries.TryGetValue(clientId, out Entry? entry) || entry is null)
        {
            return false;
        }

        // Against the app's clock rather than the cache's own, so the bound is the one the tests move.
        if (time.GetUtcNow() - entry.ReadStartedAt >= maxAge)
        {
            return false;
        }

        records = entry.Records;
        return true;
    }

    /// <summary>Taken before reading a browser's records, and handed to <see cref="Store"/> with what was read.</summary>
    public CacheRead VersionOf(string clientId) => new(Volatile.Read(ref versions[Stripe(clientId)]), time.GetUtcNow());

    /// <summary>Keeps what was read, unless an entry of its stripe was dropped since <paramref name="read"/> was taken.</summary>
    public void Store(string clientId, CacheRead read, ClientRecords records)
    {
        if (entries is null || suspended)
        {
            return;
        }

        var stripe = Stripe(clientId);
        lock (locks[stripe])
        {
            if (versions[stripe] == read.Version && !suspended)
            {
                // The memory cache's own expiry only frees the memory; TryGet enforces the age.
                entries.Set(clientId, new Entry(records, read.StartedAt), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = maxAge });
            }
        }
    }

    /// <summary>The browser's records changed: the next request reads them again.</summary>
    public void Invalidate(string clientId)
    {
        var stripe = Stripe(clientId);
        lock (locks[stripe])
        {
            versions[stripe]++;
            entries?.Remove(clientId);
        }
    }

    /// <summary>Records of many browsers changed at once (the cleanup deleted some): every request reads them again.</summary>
    public void Clear()
    {
        for (var stripe = 0; stripe < Stripes; stripe++)
        {
            lock (locks[stripe])
            {
                versions[stripe]++;
            }
        }

        entries?.Clear();
    }

    /// <summary>Changes of other instances can no longer be heard: drop everything and keep nothing until <see cref="Resume"/>.</summary>
    public void Suspend()
    {
        suspended = true;
        Clear();
    }

    /// <summary>
    /// Other instances' changes are heard again. Reads that began before (while changes may have gone
    /// unheard) are not kept: <see cref="Clear"/> moves every stripe first.
    /// </summary>
    public void Resume()
    {
        Clear();
        suspended = false;
    }

    public void Dispose() => entries?.Dispose();

    private static int Stripe(string clientId) => (int)((uint)StringComparer.Ordinal.GetHashCode(clientId) % Stripes);

    private sealed record Entry(ClientRecords Records, DateTimeOffset ReadStartedAt);
}

/// <summary>When a read of a browser's records began: its stripe's drop count and the clock.</summary>
public readonly record struct CacheRead(long Version, DateTimeOffset StartedAt);
