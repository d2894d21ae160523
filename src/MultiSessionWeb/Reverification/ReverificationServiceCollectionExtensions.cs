namespace MultiSessionWeb.Reverification;

public static class ReverificationServiceCollectionExtensions
{
    /// <summary>"Confirm it's you" for sensitive changes.</summary>
    public static IServiceCollection AddReverification(this IServiceCollection services) =>
        services.AddScoped<ReverificationService>().AddScoped<PasskeyReverification>();
}
