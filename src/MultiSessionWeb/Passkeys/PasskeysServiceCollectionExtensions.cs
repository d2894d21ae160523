using Fido2NetLib;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Passkeys;

public static class PasskeysServiceCollectionExtensions
{
    /// <summary>
    /// WebAuthn with the Fido2 library, registered by hand (its ASP.NET package is not used): no
    /// metadata service, since attestation is not asked for.
    /// </summary>
    public static IServiceCollection AddPasskeys(this IServiceCollection services)
    {
        services.AddOptions<PasskeySettings>().BindConfiguration(PasskeySettings.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PasskeySettings>, ExplainedValidation>();
        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<PasskeySettings>>().Value;
            return new Fido2Configuration
            {
                RPID = settings.RelyingPartyId,
                RPName = settings.RelyingPartyName,
                Origins = settings.EffectiveOrigins.ToHashSet(StringComparer.Ordinal),
                TimestampDriftTolerance = 300_000,
            };
        });
        services.AddSingleton<IFido2>(provider => new Fido2(provider.GetRequiredService<Fido2Configuration>()));
        services.AddScoped<PasskeyStore>();
        services.AddScoped<PasskeyCeremonies>();
        return services;
    }

    /// <summary>
    /// Names the setting to fix in the start-up error, not only that something is wrong. In Production
    /// the defaults (<c>localhost</c>, <see cref="PasskeySettings.DevelopmentOrigin"/>) are never taken
    /// silently: no one reaches a server there as localhost, so passkeys would quietly never work.
    /// </summary>
    private sealed class ExplainedValidation(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<PasskeySettings>
    {
        public ValidateOptionsResult Validate(string? name, PasskeySettings options)
        {
            if (environment.IsProduction())
            {
                var section = configuration.GetSection(PasskeySettings.Section);
                if (string.IsNullOrWhiteSpace(section[nameof(PasskeySettings.RelyingPartyId)])
                    || !section.GetSection(nameof(PasskeySettings.Origins)).GetChildren().Any())
                {
                    return ValidateOptionsResult.Fail(
                        "Passkeys:RelyingPartyId and Passkeys:Origins must be set in Production; without them passkeys would be " +
                        $"bound to localhost ({PasskeySettings.DevelopmentOrigin}). Set Passkeys:RelyingPartyId to the site's host name " +
                        "(example.com) and Passkeys:Origins:0 to the origin the pages are served from (https://app.example.com).");
                }
            }

            return options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
        }
    }
}
