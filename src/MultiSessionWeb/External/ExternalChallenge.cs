using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.External;

/// <summary>
/// Starts a provider's sign-in. Whatever fails while the handler prepares the redirect (metadata that
/// cannot be fetched or does not match, a pushed authorization request the provider refuses, a wrong
/// client secret) lands on the sign-in page with a message, and the provider's metadata is fetched
/// anew for the next attempt, so a provider that comes back works without a restart.
/// </summary>
public sealed class ExternalChallengeResult(
    ExternalProvider provider, AuthenticationProperties properties, string failedUrl, ExternalChallenge challenge) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        try
        {
            await http.ChallengeAsync(provider.Name, properties);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            challenge.Failed(provider, failure);
            http.Response.Redirect(failedUrl);
        }
    }
}

/// <summary>Starts providers' sign-ins (<see cref="ExternalChallengeResult"/>) with what a failed start needs.</summary>
public sealed class ExternalChallenge(IOptionsMonitor<OpenIdConnectOptions> openIdConnectOptions, ILogger<ExternalChallengeResult> logger)
{
    /// <summary>A failed start sends the browser to <paramref name="failedUrl"/>.</summary>
    public ExternalChallengeResult Start(ExternalProvider provider, AuthenticationProperties properties, string failedUrl) =>
        new(provider, properties, failedUrl, this);

    internal void Failed(ExternalProvider provider, Exception failure)
    {
        Log.ChallengeFailed(logger, provider.Name, failure);
        if (provider.Type == ExternalProviderType.OpenIdConnect)
        {
            openIdConnectOptions.Get(provider.Name).ConfigurationManager?.RequestRefresh();
        }
    }
}

/// <summary>What "let me pick an account" is called at a provider, when the person adds an account.</summary>
public enum AddAccountPrompt
{
    /// <summary>Google and GitHub: <c>select_account</c>. OpenID Connect: what the discovery document offers (see <see cref="ExternalPrompt"/>).</summary>
    Auto,
    SelectAccount,
    Login,
    None,
}

public static class ExternalPrompt
{
    /// <summary>
    /// The <c>prompt</c> sent when adding an account; null sends none. Without one the provider quietly
    /// answers for the account it is already signed in to. OpenID Connect (Auto): <c>select_account</c>
    /// only when <c>prompt_values_supported</c> lists it, since providers may reject values they do not
    /// take (<c>invalid_request</c>); else <c>login</c>, which OpenID Connect Core (15.1) requires every
    /// provider to support, unless the list is there and leaves it out.
    /// </summary>
    public static string? ForAddingAccount(ExternalProvider provider, ICollection<string>? supported)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.AddAccountPrompt switch
        {
            AddAccountPrompt.SelectAccount => ExternalDefaults.SelectAccount,
            AddAccountPrompt.Login => ExternalDefaults.Login,
            AddAccountPrompt.None => null,
            _ when provider.Type != ExternalProviderType.OpenIdConnect => ExternalDefaults.SelectAccount,
            _ when supported is null or { Count: 0 } => ExternalDefaults.Login,
            _ when supported.Contains(ExternalDefaults.SelectAccount) => ExternalDefaults.SelectAccount,
            _ when supported.Contains(ExternalDefaults.Login) => ExternalDefaults.Login,
            _ => null,
        };
    }

    public static bool IsAddingAccount(AuthenticationProperties properties) =>
        properties?.Items.ContainsKey(ExternalDefaults.AddingAccountItem) == true;
}
