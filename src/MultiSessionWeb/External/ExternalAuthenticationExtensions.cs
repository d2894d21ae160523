using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using MultiSessionWeb.Mvc;
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
                    builder.AddGoogle(name, provider.DisplayName, o => ConfigureGoogle(o, provider, settings));
                    break;
                case ExternalProviderType.GitHub:
                    builder.AddOAuth(name, provider.DisplayName, o => ConfigureGitHub(o, provider, settings));
                    break;
                default:
                    if (string.IsNullOrWhiteSpace(settings.Authority))
                    {
                        throw new InvalidOperationException($"{ExternalProviderSettings.Section}:{section.Key}:Authority is required for OpenID Connect.");
                    }

                    builder.AddOpenIdConnect(name, provider.DisplayName, o => ConfigureOpenIdConnect(o, provider, settings));
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

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, ExternalProvider provider, ExternalProviderSettings settings)
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
        o.Events.OnRemoteFailure = ExternalEvents.OnRemoteFailure;
        o.Events.OnAccessDenied = ExternalEvents.OnAccessDenied;
        o.Events.OnRedirectToIdentityProvider = async context =>
        {
            if (ExternalPrompt.IsAddingAccount(context.Properties))
            {
                var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                context.ProtocolMessage.Prompt = ExternalPrompt.ForAddingAccount(provider, configuration.PromptValuesSupported);
            }
        };
        o.Events.OnMessageReceived = ExternalEvents.CheckResponseIssuerAsync;
    }

    private static void ConfigureGoogle(GoogleOptions o, ExternalProvider provider, ExternalProviderSettings settings)
    {
        ConfigureRemote(o, provider, settings);

        // Google's userinfo says verified_email (v2) or email_verified (v3); the app reads one claim.
        o.ClaimActions.MapJsonKey(ExternalClaimTypes.EmailVerified, "verified_email");
        o.ClaimActions.MapJsonKey(ExternalClaimTypes.EmailVerified, "email_verified");
        o.Events.OnRemoteFailure = ExternalEvents.OnRemoteFailure;
        o.Events.OnAccessDenied = ExternalEvents.OnAccessDenied;
        o.Events.OnRedirectToAuthorizationEndpoint = context => ExternalEvents.RedirectWithPrompt(context, provider);
    }

    private static void ConfigureGitHub(OAuthOptions o, ExternalProvider provider, ExternalProviderSettings settings)
    {
        ConfigureRemote(o, provider, settings);
        o.AuthorizationEndpoint = "https://github.com/login/oauth/authorize";
        o.TokenEndpoint = "https://github.com/login/oauth/access_token";
        o.UserInformationEndpoint = "https://api.github.com/user";
        o.Scope.Add("read:user");
        o.Scope.Add("user:email");
        o.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
        o.ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
        o.ClaimActions.MapJsonKey("urn:github:login", "login");
        o.Events.OnRemoteFailure = ExternalEvents.OnRemoteFailure;
        o.Events.OnAccessDenied = ExternalEvents.OnAccessDenied;
        // The generic handler knows no prompt; GitHub's authorize endpoint takes prompt=select_account.
        o.Events.OnRedirectToAuthorizationEndpoint = context => ExternalEvents.RedirectWithPrompt(context, provider);
        o.Events.OnCreatingTicket = GitHubUserAsync;
    }

    /// <summary>
    /// GitHub's <c>/user</c> gives the public email, unverified; <c>/user/emails</c> says which address
    /// is primary and verified, which is the one linking may trust.
    /// </summary>
    private static async Task GitHubUserAsync(OAuthCreatingTicketContext context)
    {
        using var user = await GetGitHubJsonAsync(context, context.Options.UserInformationEndpoint);
        context.RunClaimActions(user.RootElement);
        using var emails = await GetGitHubJsonAsync(context, "https://api.github.com/user/emails");
        if (emails.RootElement.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var email in emails.RootElement.EnumerateArray())
        {
            if (email.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.True
                && email.TryGetProperty("email", out var address) && address.GetString() is { } value)
            {
                var verified = email.TryGetProperty("verified", out var v) && v.ValueKind == JsonValueKind.True;
                context.Identity?.AddClaim(new Claim(ClaimTypes.Email, value, ClaimValueTypes.String, context.Options.ClaimsIssuer));
                context.Identity?.AddClaim(new Claim(ExternalClaimTypes.EmailVerified, verified ? "true" : "false", ClaimValueTypes.Boolean, context.Options.ClaimsIssuer));
                return;
            }
        }
    }

    private static async Task<JsonDocument> GetGitHubJsonAsync(OAuthCreatingTicketContext context, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        // GitHub's API refuses requests without a User-Agent.
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("MultiSessionWeb", "1.0"));
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted), cancellationToken: context.HttpContext.RequestAborted);
    }

    private static void ConfigureRemote(RemoteAuthenticationOptions o, ExternalProvider provider, ExternalProviderSettings settings)
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

public static class ExternalClaimTypes
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string Name = "name";
}

/// <summary>Whatever goes wrong at the provider ends on the sign-in page with a message, never an error page.</summary>
internal static class ExternalEvents
{
    public static Task OnRemoteFailure(RemoteFailureContext context)
    {
        var logger = Logger(context.HttpContext);
        Log.RemoteFailure(logger, context.Scheme.Name, context.Failure);
        context.Response.Redirect(SignInPage(context.HttpContext, "external"));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    public static Task OnAccessDenied(AccessDeniedContext context)
    {
        var logger = Logger(context.HttpContext);
        Log.AccessDenied(logger, context.Scheme.Name);
        context.Response.Redirect(SignInPage(context.HttpContext, "denied"));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>Google and GitHub: the prompt is added to the authorize URL the handler built.</summary>
    public static Task RedirectWithPrompt(RedirectContext<OAuthOptions> context, ExternalProvider provider)
    {
        var uri = ExternalPrompt.IsAddingAccount(context.Properties) && ExternalPrompt.ForAddingAccount(provider, supported: null) is { } prompt
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(context.RedirectUri, ExternalDefaults.PromptParameter, prompt)
            : context.RedirectUri;
        context.Response.Redirect(uri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// RFC 9207: where the provider says it names itself in authorization responses, a response that
    /// names another issuer, or none, is refused. It is how a response from one provider, replayed to
    /// another's callback (a mix-up attack), is caught before its code is redeemed.
    /// </summary>
    public static async Task CheckResponseIssuerAsync(MessageReceivedContext context)
    {
        var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
        if (configuration.AuthorizationResponseIssParameterSupported
            && !string.Equals(context.ProtocolMessage.Iss, configuration.Issuer, StringComparison.Ordinal))
        {
            Log.ResponseIssuerMismatch(Logger(context.HttpContext), context.Scheme.Name, context.ProtocolMessage.Iss, configuration.Issuer);
            context.Fail("The authorization response names another issuer.");
        }
    }

    private static string SignInPage(HttpContext http, string error) =>
        http.RequestServices.GetRequiredService<AppUrls>().Browser.SignInError(error);

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalEvents).FullName!);
}
