namespace MultiSessionWeb.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The JSON client API's answers, as last written for each browser (<see cref="ClientJsonCache"/>).</summary>
    public static IServiceCollection AddClientApi(this IServiceCollection services)
    {
        services.AddSingleton<ClientJsonCache>();
        return services;
    }
}
