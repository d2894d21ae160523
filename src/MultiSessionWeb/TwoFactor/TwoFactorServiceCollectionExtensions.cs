using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.TwoFactor;

public static class TwoFactorServiceCollectionExtensions
{
    public static IServiceCollection AddTwoFactor(this IServiceCollection services)
    {
        services.AddOptions<MfaSettings>().BindConfiguration(MfaSettings.Section)
            .Validate(s => s.StepUpOnSwitchAfter > TimeSpan.Zero && s.StepUpOnSwitchAfter <= TimeSpan.FromDays(1), "Mfa:StepUpOnSwitchAfter must be between zero and one day.")
            .ValidateOnStart();
        services.AddScoped<Authenticators>();
        services.AddScoped<PendingSignIns>();
        services.AddHostedService<MfaRequirementAtStartUp>();
        return services;
    }
}
