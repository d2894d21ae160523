namespace MultiSessionWeb.Sessions;

/// <summary>
/// Lines up the sign-ins of one browser inside this process, so that fifty tabs signing in at once
/// do not all race for the same free slot. Striped: a fixed set of locks, picked by the client id's
/// hash, so memory stays bounded. Across instances the unique indexes still decide, and the losers retry.
/// </summary>
public sealed class ClientLocks : IDisposable
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<IDisposable> EnterAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(clientId) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Release(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
