namespace MultiSessionWeb.Passkeys;

/// <summary>Settings section <c>Passkeys</c>: who the browser is told it is talking to.</summary>
public sealed class PasskeySettings
{
    public const string Section = "Passkeys";

    /// <summary>The default, for running the app on this machine at <c>http://localhost:5080</c>.</summary>
    public const string DevelopmentOrigin = "http://localhost:5080";

    /// <summary>The relying-party id: a registrable host name that the origins are on, never an IP address.</summary>
    public string RelyingPartyId { get; set; } = "localhost";

    /// <summary>The name an authenticator shows next to the passkey.</summary>
    public string RelyingPartyName { get; set; } = "MultiSessionWeb";

    /// <summary>The exact origins the pages are served from (<c>https://app.example.com</c>); empty means <see cref="DevelopmentOrigin"/>.</summary>
    public string[] Origins { get; set; } = [];

    public IReadOnlyList<string> EffectiveOrigins =>
        Origins.Length == 0 ? [DevelopmentOrigin] : [.. Origins.Select(o => o.TrimEnd('/'))];

    /// <summary>Null when the settings can work; else what to fix, said so that the start-up error is enough.</summary>
    public string? Problem()
    {
        if (Uri.CheckHostName(RelyingPartyId) != UriHostNameType.Dns)
        {
            return $"Passkeys:RelyingPartyId \"{RelyingPartyId}\" must be a host name such as example.com; browsers refuse an IP address as a relying-party id.";
        }

        if (string.IsNullOrWhiteSpace(RelyingPartyName))
        {
            return "Passkeys:RelyingPartyName must not be empty.";
        }

        foreach (var origin in EffectiveOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                return $"Passkeys:Origins entry \"{origin}\" must be an origin like https://app.example.com (http only for localhost), with no path.";
            }

            if (!string.Equals(uri.Host, RelyingPartyId, StringComparison.OrdinalIgnoreCase)
                && !uri.Host.EndsWith("." + RelyingPartyId, StringComparison.OrdinalIgnoreCase))
            {
                return $"Passkeys:Origins entry \"{origin}\" is not on the relying-party id \"{RelyingPartyId}\": its host must be {RelyingPartyId} or end in .{RelyingPartyId}.";
            }
        }

        return null;
    }
}
