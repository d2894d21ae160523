using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MultiSessionWeb.External;

/// <summary>
/// Reads each OpenID Connect provider's discovery document through <see cref="IssuerCheckingRetriever"/>.
/// Runs after the framework's own post-configuration, which has by then derived the metadata address
/// and the backchannel this reuses.
/// </summary>
internal sealed class CheckedMetadataPostConfigure(ExternalProviders providers, ILoggerFactory loggers) : IPostConfigureOptions<OpenIdConnectOptions>
{
    public void PostConfigure(string? name, OpenIdConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (providers.Find(name) is not { Type: ExternalProviderType.OpenIdConnect } provider
            || string.IsNullOrEmpty(options.MetadataAddress) || options.Authority is null || options.Backchannel is null)
        {
            return;
        }

        options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            options.MetadataAddress,
            new IssuerCheckingRetriever(provider.Name, options.Authority, loggers.CreateLogger<IssuerCheckingRetriever>()),
            new HttpDocumentRetriever(options.Backchannel) { RequireHttps = options.RequireHttpsMetadata })
        {
            RefreshInterval = options.RefreshInterval,
            AutomaticRefreshInterval = options.AutomaticRefreshInterval,
        };
    }
}

/// <summary>
/// Metadata whose <c>issuer</c> is not the configured Authority is refused (OpenID Connect Discovery
/// 4.3): otherwise the app would accept tokens from whichever issuer the document names.
/// </summary>
internal sealed class IssuerCheckingRetriever(string provider, string authority, ILogger logger) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
        if (!SameIssuer(configuration.Issuer, authority))
        {
            Log.MetadataIssuerMismatch(logger, provider, configuration.Issuer, authority);
            throw new InvalidOperationException($"The metadata of {provider} names the issuer '{configuration.Issuer}', not the configured Authority '{authority}'.");
        }

        return configuration;
    }

    /// <summary>A trailing slash is the only difference allowed: providers and settings disagree on it.</summary>
    public static bool SameIssuer(string? issuer, string authority) =>
        issuer is not null && string.Equals(issuer.TrimEnd('/'), authority.TrimEnd('/'), StringComparison.Ordinal);
}
