using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Security;

/// <summary>The <c>RateLimits</c> section: how often one address, or one account, may try.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    public int SignInPerAddressPerMinute { get; set; } = 20;

    public int SignUpPerAddressPerHour { get; set; } = 20;

    public int CodeSendPerAddressPerMinute { get; set; } = 10;

    public int CodeVerifyPerAddressPerMinute { get; set; } = 30;

    /// <summary>Password checks and code entries for one email or phone number, from anywhere (a browser that signed in to the account before has its own).</summary>
    public int PerIdentifierPerMinute { get; set; } = 10;

    /// <summary>
    /// Wrong passwords for one email address within <see cref="PasswordFailureWindow"/> before password
    /// sign-in pauses: counted for every browser that never signed in to the account together, and for
    /// each browser that did on its own (see <see cref="SignInThrottle"/>).
    /// </summary>
    public int PasswordFailuresBeforePause { get; set; } = 10;

    public TimeSpan PasswordFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Whether the per-address and per-identifier limits count in the database (<see cref="LimitCounterStore"/>),
    /// so that several instances count together, or in this instance's memory. Unset: in the database on
    /// PostgreSQL, which several instances may share, and in memory on SQLite, which one instance owns.
    /// </summary>
    public bool? CountInDatabase { get; set; }

    internal bool Shared => CountInDatabase ?? false;
}

/// <summary>The named rate-limiting policies, one per kind of attempt.</summary>
public static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string SignUp = "sign-up";
    public const string CodeSend = "code-send";
    public const string CodeVerify = "code-verify";
}

public static class AbuseLimitExtensions
{
    /// <summary>
    /// ASP.NET Core's rate limiter, one fixed window per client address and policy, plus one per
    /// identifier (<see cref="IdentifierLimiter"/>). A refusal is a 429 with Retry-After and a page.
    /// The windows count in memory, or in the database when instances share it (<see cref="RateLimitSettings.CountInDatabase"/>).
    /// </summary>
    internal static IServiceCollection AddAbuseLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>().BindConfiguration(RateLimitSettings.Section)
            .Validate(s => s.SignInPerAddressPerMinute > 0 && s.SignUpPerAddressPerHour > 0 && s.CodeSendPerAddressPerMinute > 0
                && s.CodeVerifyPerAddressPerMinute > 0 && s.PerIdentifierPerMinute > 0 && s.PasswordFailuresBeforePause > 0,
                "RateLimits: every limit must be above zero.")
            .Validate(s => s.PasswordFailureWindow > TimeSpan.Zero && s.PasswordFailureWindow <= LimitLog.Retention,
                "RateLimits:PasswordFailureWindow must be above zero and at most two days (how long failures are kept).")
            .PostConfigure<IConfiguration>((s, configuration) => s.CountInDatabase ??= configuration.UsesPostgres())
            .ValidateOnStart();
        services.AddSingleton<LimitCounterStore>();
        services.AddSingleton<IdentifierLimiter>();
        services.AddHttpContextAccessor();
        services.AddScoped<DeviceCookie>();
        services.AddScoped<LimitLog>();
        services.AddScoped<SignInThrottle>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    SetRetryAfter(context.HttpContext, retryAfter);
                }

                return ValueTask.CompletedTask;
            };
            options.AddPolicy(RateLimitPolicies.SignIn, http => PerAddress(http, RateLimitPolicies.SignIn, s => (s.SignInPerAddressPerMinute, TimeSpan.FromMinutes(1))));
            options.AddPolicy(RateLimitPolicies.SignUp, http => PerAddress(http, RateLimitPolicies.SignUp, s => (s.SignUpPerAddressPerHour, TimeSpan.FromHours(1))));
            options.AddPolicy(RateLimitPolicies.CodeSend, http => PerAddress(http, RateLimitPolicies.CodeSend, s => (s.CodeSendPerAddressPerMinute, TimeSpan.FromMinutes(1))));
            options.AddPolicy(RateLimitPolicies.CodeVerify, http => PerAddress(http, RateLimitPolicies.CodeVerify, s => (s.CodeVerifyPerAddressPerMinute, TimeSpan.FromMinutes(1))));
        });
        return services;
    }

    public static void SetRetryAfter(HttpContext http, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, string policy, Func<RateLimitSettings, (int Limit, TimeSpan Window)> pick)
    {
        var settings = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitSettings>>().CurrentValue;
        var (limit, window) = pick(settings);
        // Behind a proxy this is the client's address once forwarded headers are applied from trusted proxies.
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (settings.Shared)
        {
            var (store, time) = (http.RequestServices.GetRequiredService<LimitCounterStore>(), http.RequestServices.GetRequiredService<TimeProvider>());
            return RateLimitPartition.Get(address, key => new SharedWindowLimiter(store, time, policy, key, limit, window));
        }

        return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window,
            QueueLimit = 0,
        });
    }
}

/// <summary>
/// Limits attempts per email address or phone number, wherever they come from: one address can be
/// spread over many clients, so per-client limits alone do not protect an account.
/// </summary>
/// <remarks>
/// One attempt is the same work whether or not an account has the identifier: one count, in memory or
/// one upsert in the database, keyed by the identifier as typed.
/// </remarks>
public sealed class IdentifierLimiter(IOptionsMonitor<RateLimitSettings> settings, LimitCounterStore store) : IDisposable
{
    /// <summary>The <see cref="LimitCounter.Kind"/> of per-identifier counts.</summary>
    public const string Kind = "identifier";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(identifier =>
        RateLimitPartition.GetFixedWindowLimiter(identifier, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.CurrentValue.PerIdentifierPerMinute,
            Window = Window,
            QueueLimit = 0,
        }));

    /// <summary>Null when one more attempt for <paramref name="identifier"/> may go ahead; otherwise how long to wait.</summary>
    public async Task<TimeSpan?> TryAcquireAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var key = identifier.ToUpperInvariant();
        var current = settings.CurrentValue;
        if (current.Shared)
        {
            var count = await store.AddAsync(Kind, key, Window, cancellationToken);
            return count.Count <= current.PerIdentifierPerMinute ? null : count.UntilWindowEnds;
        }

        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
    }

    public void Dispose() => _limiter.Dispose();
}
