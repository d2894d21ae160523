using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using MultiSessionWeb.Security;

namespace MultiSessionWeb.External;

public static class ExternalAuthenticationExtensions
{
    private static readonly string[] OpenIdConnectScopes = ["openid", "profile", "email"];

    /// <summary>
    /// A handler for each provider under <c>Authentication:Providers</c>, and the temporary cookie they
    /// sign in to. Read once at start-up: a scheme cannot be added to a running app's options safely.
    /// </summary>
    public static AuthenticationBuilder AddExternalProviders(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var providers = new List<ExternalProvider>();
        foreach (var section in configuration.GetSection(ExternalProviderSettings.Section).GetChildren())
        {
            var settings = section.Get<ExternalProviderSettings>() ?? new ExternalProviderSettings();
            if (string.IsNullOrWhiteSpace(settings.ClientId))
            {
                // An empty entry (e.g. from a template) is switched off, not an error.
                continue;
            }

            var name = section.Key.ToLowerInvariant();
            if (!ExternalProviders.IsValidName(name))
            {
                throw new InvalidOperationException(
                    $"{ExternalProviderSettings.Section}:{section.Key}: a provider name is 1 to 32 lowercase letters, digits or dashes.");
            }

            var type = settings.Type ?? name switch
            {
                "google" => ExternalProviderType.Google,
                "github" => ExternalProviderType.GitHub,
                _ => ExternalProviderType.OpenIdConnect,
            };
            var provider = new ExternalProvider(name, settings.DisplayName ?? DefaultDisplayName(name, type), type, settings.AddAccountPrompt);
            providers.Add(provider);
            switch (type)
            {
                case ExternalProviderType.Google:
                    builder.AddGoogle(name, provider.DisplayName, _ => { });
                    builder.Services.AddOptions<GoogleOptions>(name)
                        .Configure<ExternalRemoteEvents>((o, events) => ConfigureGoogle(o, provider, settings, events));
                    break;
                case ExternalProviderType.GitHub:
                    builder.AddOAuth(name, provider.DisplayName, _ => { });
                    builder.Services.AddOptions<OAuthOptions>(name)
                        .Configure<ExternalRemoteEvents>((o, events) => GitHubProvider.Configure(o, provider, settings, events));
                    break;
                default:
                    if (string.IsNullOrWhiteSpace(settings.Authority))
                    {
                        throw new InvalidOperationException($"{ExternalProviderSettings.Section}:{section.Key}:Authority is required for OpenID Connect.");
                    }

                    builder.AddOpenIdConnect(name, provider.DisplayName, _ => { });
                    builder.Services.AddOptions<OpenIdConnectOptions>(name)
                        .Configure<ExternalRemoteEvents>((o, events) => ConfigureOpenIdConnect(o, provider, settings, events));
                    break;
            }
        }

        builder.AddCookie(ExternalDefaults.AuthenticationScheme, o =>
        {
            o.Cookie.Name = ExternalDefaults.CookieName;
            o.CookieManager = new HostPrefixedCookieManager();
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = ExternalDefaults.CookieLifetime;
            o.SlidingExpiration = false;
        });
        builder.Services.AddSingleton(new ExternalProviders(providers));
        builder.Services.AddSingleton<ExternalRemoteEvents>();
        builder.Services.AddSingleton<ExternalChallenge>();
        builder.Services.AddSingleton<IPostConfigureOptions<OpenIdConnectOptions>, CheckedMetadataPostConfigure>();
        builder.Services.AddScoped<ExternalLoginService>();
        return builder;
    }

    private static string DefaultDisplayName(string name, ExternalProviderType type) => type switch
    {
        ExternalProviderType.Google => "Google",
        ExternalProviderType.GitHub => "GitHub",
        _ => char.ToUpperInvariant(name[0]) + name[1..],
    };

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, ExternalProvider provider, ExternalProviderSettings settings, ExternalRemoteEvents events)
    {
        ConfigureRemote(o, provider, settings);
        o.Authority = settings.Authority;
        o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        o.ResponseType = OpenIdConnectResponseType.Code;

        // A top-level GET back to the app: the correlation cookie arrives without relying on SameSite=None.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.Scope.Clear();
        foreach (var scope in OpenIdConnectScopes.Concat(settings.Scopes).Distinct(StringComparer.Ordinal))
        {
            o.Scope.Add(scope);
        }

        // Several OpenID Connect providers must not share the framework's default sign-out paths.
        o.SignedOutCallbackPath = $"/signout-callback-{provider.Name}";
        o.RemoteSignOutPath = $"/signout-{provider.Name}";
        o.ClaimActions.MapUniqueJsonKey(ExternalClaimTypes.EmailVerified, ExternalClaimTypes.EmailVerified);

        // A start that failed asks for fresh metadata (ExternalChallengeResult); this bounds how often.
        o.RefreshInterval = TimeSpan.FromSeconds(30);
        o.Events.OnRemoteFailure = events.OnRemoteFailure;
        o.Events.OnAccessDenied = events.OnAccessDenied;
        o.Events.OnRedirectToIdentityProvider = async context =>
        {
            if (ExternalPrompt.IsAddingAccount(context.Properties))
            {
                var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                context.ProtocolMessage.Prompt = ExternalPrompt.ForAddingAccount(provider, configuration.PromptValuesSupported);
            }
        };
        o.Events.OnMessageReceived = events.CheckResponseIssuerAsync;
    }

    private static void ConfigureGoogle(GoogleOptions o, ExternalProvider provider, ExternalProviderSettings settings, ExternalRemoteEvents events)
    {
        ConfigureRemote(o, provider, settings);

        // Google's userinfo says verified_email (v2) or email_verified (v3); the app reads one claim.
        o.ClaimActions.MapJsonKey(ExternalClaimTypes.EmailVerified, "verified_email");
        o.ClaimActions.MapJsonKey(ExternalClaimTypes.EmailVerified, "email_verified");
        o.Events.OnRemoteFailure = events.OnRemoteFailure;
        o.Events.OnAccessDenied = events.OnAccessDenied;
        o.Events.OnRedirectToAuthorizationEndpoint = context => ExternalRemoteEvents.RedirectWithPrompt(context, provider);
    }

    internal static void ConfigureRemote(RemoteAuthenticationOptions o, ExternalProvider provider, ExternalProviderSettings settings)
    {
        o.SignInScheme = ExternalDefaults.AuthenticationScheme;
        o.CallbackPath = provider.CallbackPath;
        o.RemoteAuthenticationTimeout = ExternalDefaults.CookieLifetime;
        switch (o)
        {
            case OAuthOptions oauth:
                oauth.ClientId = settings.ClientId!;
                oauth.ClientSecret = settings.ClientSecret!;
                foreach (var scope in settings.Scopes)
                {
                    oauth.Scope.Add(scope);
                }

                break;
            case OpenIdConnectOptions oidc:
                oidc.ClientId = settings.ClientId;
                oidc.ClientSecret = settings.ClientSecret;
                break;
        }
    }
}
