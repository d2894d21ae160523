using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// Each browser's listed sessions and secret hashes, kept in memory so that a signed-in request does not have to ask the
/// database. It is exact rather than eventually right: session records change only through
/// <see cref="SessionStore"/>, which drops a browser's entry after every change it commits, and a
/// read of the records that overlapped such a change is not kept. Time-based ends (lifetime,
/// inactivity) need no entry dropped: they are checked against the clock on every request.
/// </summary>
/// <remarks>
/// Off when <see cref="SessionSettings.ClientCacheSize"/> is 0, which is how PostgreSQL runs:
/// there several instances change the same records, and one instance's memory cannot see the others'.
/// </remarks>
public sealed class ClientSessionCache : IDisposable
{
    // A browser whose entry is dropped while its records are being read must not get that read kept.
    // Each stripe counts the drops of the browsers hashed to it; a read is kept only if its stripe's
    // count did not move while it ran. Stripes keep the counters bounded and the locks uncontended.
    private const int Stripes = 64;

    private static readonly TimeSpan KeepIdleEntriesFor = TimeSpan.FromMinutes(20);

    private readonly MemoryCache? entries;
    private readonly long[] versions = new long[Stripes];
    private readonly Lock[] locks = [.. Enumerable.Range(0, Stripes).Select(_ => new Lock())];

    public ClientSessionCache(IOptions<SessionSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var size = settings.Value.ClientCacheSize;
        entries = size > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = size }) : null;
    }

    public bool TryGet(string clientId, [NotNullWhen(true)] out ClientRecords? records)
    {
        records = null;
        return entries is not null && entries.TryGetValue(clientId, out records);
    }

    /// <summary>Taken before reading a browser's records, and handed to <see cref="Store"/> with what was read.</summary>
    public long VersionOf(string clientId) => Volatile.Read(ref versions[Stripe(clientId)]);

    /// <summary>Keeps what was read, unless an entry of its stripe was dropped since <paramref name="version"/> was taken.</summary>
    public void Store(string clientId, long version, ClientRecords records)
    {
        if (entries is null)
        {
            return;
        }

        var stripe = Stripe(clientId);
        lock (locks[stripe])
        {
            if (versions[stripe] == version)
            {
                entries.Set(clientId, records, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = KeepIdleEntriesFor });
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

    public void Dispose() => entries?.Dispose();

    private static int Stripe(string clientId) => (int)((uint)StringComparer.Ordinal.GetHashCode(clientId) % Stripes);
}
