using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Authentication;

public static class MultiSessionExtensions
{
    private const string AntiforgeryTokenSerializer = "Microsoft.AspNetCore.Antiforgery.IAntiforgeryTokenSerializer";

    /// <summary>Tokens remembered each way; a browser needs one each way, as in the scheme's cookie memo.</summary>
    private const int AntiforgeryMemoCapacity = 10_000;

    /// <summary>The longest a Data Protection key revoked on the key ring still opens a token seen here.</summary>
    private static readonly TimeSpan AntiforgeryMemoMaxAge = TimeSpan.FromMinutes(1);

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

    /// <summary>
    /// Wraps the framework's <see cref="IAntiforgery"/> in <see cref="ClientBoundAntiforgery"/>, and
    /// gives its token serializer a <see cref="MemoizedDataProtectionProvider"/>.
    /// </summary>
    private static void AddClientBoundAntiforgery(this IServiceCollection services)
    {
        services.AddAntiforgery();
        services.AddMemoizedAntiforgeryCryptography();
        var framework = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        if (framework.ImplementationType is not { } implementation)
        {
            return; // already wrapped by an earlier call
        }

        services.Remove(framework);
        services.TryAddSingleton<AntiforgeryTokenMemo>();
        services.AddSingleton<IAntiforgery>(provider => new ClientBoundAntiforgery(
            (IAntiforgery)ActivatorUtilities.CreateInstance(provider, implementation),
            provider.GetRequiredService<AntiforgeryTokenMemo>(),
            provider.GetRequiredService<IOptions<AntiforgeryOptions>>()));
    }

    /// <summary>
    /// The framework's serializer seals and opens the antiforgery tokens; it is internal, so it is found
    /// by name and made with a memoizing provider in place of the key ring's. When it is not there
    /// (another framework version), tokens are simply opened every time, as before.
    /// </summary>
    private static void AddMemoizedAntiforgeryCryptography(this IServiceCollection services)
    {
        var serializer = services.LastOrDefault(d => d.ServiceType.FullName == AntiforgeryTokenSerializer);
        if (serializer?.ImplementationType is not { } implementation)
        {
            return; // not found, or already replaced by an earlier call
        }

        services.Remove(serializer);
        services.Add(ServiceDescriptor.Singleton(serializer.ServiceType, provider =>
            ActivatorUtilities.CreateInstance(provider, implementation, new MemoizedDataProtectionProvider(
                provider.GetRequiredService<IDataProtectionProvider>(),
                provider.GetRequiredService<TimeProvider>(),
                AntiforgeryMemoCapacity,
                AntiforgeryMemoMaxAge))));
    }
}
