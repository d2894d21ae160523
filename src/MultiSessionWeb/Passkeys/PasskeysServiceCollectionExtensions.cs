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

    /// <summary>Names the setting to fix in the start-up error, not only that something is wrong.</summary>
    private sealed class ExplainedValidation : IValidateOptions<PasskeySettings>
    {
        public ValidateOptionsResult Validate(string? name, PasskeySettings options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
