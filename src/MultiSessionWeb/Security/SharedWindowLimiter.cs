using System.Threading.RateLimiting;

namespace MultiSessionWeb.Security;

/// <summary>
/// A fixed-window limiter for one key whose count lives in <see cref="LimitCounterStore"/>, so that the
/// rate-limiting middleware's policies hold across instances. It can only answer asynchronously: the
/// synchronous attempt always declines without counting, and the middleware then asks asynchronously,
/// as it does for any limiter that declines at first.
/// </summary>
internal sealed class SharedWindowLimiter(LimitCounterStore store, TimeProvider time, string kind, string key, int limit, TimeSpan window) : RateLimiter
{
    private long _lastUsedTicks = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Interlocked.Read(ref _lastUsedTicks));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsedTicks, time.GetTimestamp());
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        var count = await store.AddAsync(kind, key, window, cancellationToken);
        return count.Count <= limit ? Lease.Granted : new Lease(false, count.UntilWindowEnds);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        // Not a refusal: the middleware reads it as "ask again asynchronously".
        public static readonly Lease NotYet = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
