namespace MultiSessionWeb.Observability;

/// <summary>
/// The <c>Metrics</c> section: who may read <c>/metrics</c>. It tells how many people sign in, from
/// where and how often, so it is served to nobody until one of these is set: a management port that
/// only the monitoring network reaches, a bearer token the scraper sends, or both (then both must hold).
/// </summary>
public sealed class MetricsSettings
{
    public const string Section = "Metrics";

    /// <summary>The local port <c>/metrics</c> is served on; the app must listen on it too (<c>ASPNETCORE_URLS</c>).</summary>
    public int? Port { get; set; }

    /// <summary>The token a scraper sends as <c>Authorization: Bearer …</c>; at least 32 characters.</summary>
    public string? Token { get; set; }

    public const int MinimumTokenLength = 32;

    public bool Enabled => Port is not null || !string.IsNullOrEmpty(Token);
}
