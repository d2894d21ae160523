using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.TwoFactor;

public static class TwoFactorServiceCollectionExtensions
{
    public static IServiceCollection AddTwoFactor(this IServiceCollection services)
    {
        services.AddOptions<MfaSettings>().BindConfiguration(MfaSettings.Section).ValidateOnStart();
        services.AddScoped<SecondFactors>();
        services.AddScoped<Authenticators>();
        services.AddScoped<PendingSignIns>();
        services.AddHostedService<MfaRequirementAtStartUp>();
        return services;
    }
}
