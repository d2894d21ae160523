using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Authentication;

public static class MultiSessionExtensions
{
    public static AuthenticationBuilder AddMultiSession(this AuthenticationBuilder builder) =>
        builder.AddMultiSession(MultiSessionDefaults.AuthenticationScheme, _ => { });

    public static AuthenticationBuilder AddMultiSession(
        this AuthenticationBuilder builder, string authenticationScheme, Action<MultiSessionOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<MultiSessionOptions>, PostConfigureMultiSessionOptions>());
        builder.Services.AddClientBoundAntiforgery();
        return builder.AddScheme<MultiSessionOptions, MultiSessionHandler>(authenticationScheme, configureOptions);
    }

    /// <summary>Wraps the framework's <see cref="IAntiforgery"/> in <see cref="ClientBoundAntiforgery"/>.</summary>
    private static void AddClientBoundAntiforgery(this IServiceCollection services)
    {
        services.AddAntiforgery();
        var framework = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        if (framework.ImplementationType is not { } implementation)
        {
            return; // already wrapped by an earlier call
        }

        services.Remove(framework);
        services.AddSingleton<IAntiforgery>(provider =>
            new ClientBoundAntiforgery((IAntiforgery)ActivatorUtilities.CreateInstance(provider, implementation)));
    }
}
