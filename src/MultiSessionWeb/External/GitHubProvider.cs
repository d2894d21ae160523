using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace MultiSessionWeb.External;

/// <summary>GitHub through the generic OAuth handler: its endpoints, its claims, and where it keeps the verified address.</summary>
internal static class GitHubProvider
{
    public static void Configure(OAuthOptions o, ExternalProvider provider, ExternalProviderSettings settings, ExternalRemoteEvents events)
    {
        ExternalAuthenticationExtensions.ConfigureRemote(o, provider, settings);
        o.AuthorizationEndpoint = "https://github.com/login/oauth/authorize";
        o.TokenEndpoint = "https://github.com/login/oauth/access_token";
        o.UserInformationEndpoint = "https://api.github.com/user";
        o.Scope.Add("read:user");
        o.Scope.Add("user:email");
        o.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
        o.ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
        o.ClaimActions.MapJsonKey("urn:github:login", "login");
        o.Events.OnRemoteFailure = events.OnRemoteFailure;
        o.Events.OnAccessDenied = events.OnAccessDenied;
        // The generic handler knows no prompt; GitHub's authorize endpoint takes prompt=select_account.
        o.Events.OnRedirectToAuthorizationEndpoint = context => ExternalRemoteEvents.RedirectWithPrompt(context, provider);
        o.Events.OnCreatingTicket = ReadUserAsync;
    }

    /// <summary>
    /// GitHub's <c>/user</c> gives the public email, unverified; <c>/user/emails</c> says which address
    /// is primary and verified, which is the one linking may trust.
    /// </summary>
    private static async Task ReadUserAsync(OAuthCreatingTicketContext context)
    {
        using var user = await GetJsonAsync(context, context.Options.UserInformationEndpoint);
        context.RunClaimActions(user.RootElement);
        using var emails = await GetJsonAsync(context, "https://api.github.com/user/emails");
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

    private static async Task<JsonDocument> GetJsonAsync(OAuthCreatingTicketContext context, string url)
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
}
