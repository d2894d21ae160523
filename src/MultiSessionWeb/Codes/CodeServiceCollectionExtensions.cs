namespace MultiSessionWeb.Codes;

public static class CodeServiceCollectionExtensions
{
    /// <summary>One-time codes for passwordless sign-in and for proving an email address or phone number.</summary>
    public static IServiceCollection AddOneTimeCodes(this IServiceCollection services)
    {
        services.AddOptions<CodeSettings>().BindConfiguration(CodeSettings.Section)
            .Validate(s => s.Lifetime > TimeSpan.Zero && s.MaxAttempts > 0 && s.MaxSendsPerRequesterPerHour > 0 && s.MaxSendsPerDestinationPerHour >= s.MaxSendsPerRequesterPerHour && s.MaxSendsPerAddressPer15Minutes > 0,
                "Codes: the lifetime and every limit must be above zero, and MaxSendsPerDestinationPerHour at least MaxSendsPerRequesterPerHour.")
            .ValidateOnStart();
        services.AddScoped<CodeService>();
        services.AddScoped<CodeDelivery>();
        return services;
    }
}
