namespace MultiSessionWeb.Codes;

public static class CodeServiceCollectionExtensions
{
    /// <summary>One-time codes for passwordless sign-in and for proving an email address or phone number.</summary>
    public static IServiceCollection AddOneTimeCodes(this IServiceCollection services)
    {
        services.AddOptions<CodeSettings>().BindConfiguration(CodeSettings.Section)
            .Validate(s => s.Lifetime > TimeSpan.Zero && s.MaxAttempts > 0 && s.MaxSendsPerIdentifierPerHour > 0 && s.MaxSendsPerAddressPer15Minutes > 0,
                "Codes: the lifetime and every limit must be above zero.")
            .ValidateOnStart();
        services.AddScoped<CodeService>();
        services.AddScoped<CodeDelivery>();
        return services;
    }
}
