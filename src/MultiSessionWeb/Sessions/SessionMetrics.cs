using System.Diagnostics.Metrics;
using MultiSessionWeb.Data;
using MultiSessionWeb.Observability;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// What sessions do, as System.Diagnostics.Metrics instruments; OpenTelemetry exports them
/// (<c>/metrics</c>, and OTLP when configured). Counters are per instance, so sum them across instances.
/// </summary>
public sealed class SessionMetrics
{
    public const string MeterName = ObservabilityExtensions.SessionsMeterName;

    private readonly Counter<long> _signIns;
    private readonly Counter<long> _switches;
    private readonly Counter<long> _signOuts;
    private readonly Histogram<int> _accountsPerBrowser;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;

    public SessionMetrics(IMeterFactory meterFactory, IServiceScopeFactory scopes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        (_scopes, _time) = (scopes, time);
        var meter = meterFactory.Create(MeterName);
        _signIns = meter.CreateCounter<long>("msw.sign_ins", "{sign_in}", "Sign-in attempts, by method and outcome.");
        _switches = meter.CreateCounter<long>("msw.switches", "{switch}", "Switches of a browser's active account.");
        _signOuts = meter.CreateCounter<long>("msw.sign_outs", "{session}", "Sessions signed out on their own browser, by scope (one, all).");
        _accountsPerBrowser = meter.CreateHistogram<int>(
            "msw.browser.accounts",
            "{account}",
            "Accounts signed in to the browser after a sign-in added one.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 3, 4, 5, 10, 20, 50] });
        // Read from the database, not counted here: sessions also end by expiry and on other instances.
        meter.CreateObservableGauge("msw.sessions.active", CountActiveSessions, "{session}", "Active sessions in the database, every instance's.");
    }

    /// <summary>A sign-in that reached the session records; <paramref name="accounts"/> is how many the browser holds now.</summary>
    public void SignInAttempted(string method, SignInOutcome outcome, int accounts)
    {
        SignInAttempted(method, outcome switch
        {
            SignInOutcome.Added => "signed_in",
            SignInOutcome.AlreadySignedIn => "already_signed_in",
            SignInOutcome.TooManyAccounts => "too_many_accounts",
            SignInOutcome.SessionExists => "session_exists",
            SignInOutcome.AccountDisabled => "disabled",
            _ => "other",
        });
        if (outcome is SignInOutcome.Added)
        {
            _accountsPerBrowser.Record(accounts);
        }
    }

    /// <summary>A sign-in refused before any session was considered: <c>invalid_credentials</c>, <c>invalid_code</c>.</summary>
    public void SignInAttempted(string method, string outcome) =>
        _signIns.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("outcome", outcome));

    public void Switched() => _switches.Add(1);

    public void SignedOut(string scope, int sessions) => _signOuts.Add(sessions, new KeyValuePair<string, object?>("scope", scope));

    private IEnumerable<Measurement<long>> CountActiveSessions()
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = _time.GetUtcNow().UtcDateTime;
        return [new(db.Sessions.LongCount(s => s.Status == SessionStatus.Active && s.ExpireAt > now))];
    }
}
