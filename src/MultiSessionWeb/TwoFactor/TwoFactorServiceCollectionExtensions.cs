namespace MultiSessionWeb.TwoFactor;

public static class TwoFactorServiceCollectionExtensions
{
    public static IServiceCollection AddTwoFactor(this IServiceCollection services)
    {
        services.AddScoped<SecondFactors>();
        services.AddScoped<Authenticators>();
        services.AddScoped<PendingSignIns>();
        return services;
    }
}
