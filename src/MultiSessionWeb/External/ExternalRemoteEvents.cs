using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using MultiSessionWeb.Mvc;

namespace MultiSessionWeb.External;

/// <summary>
/// The providers' handler events. Whatever goes wrong at the provider ends on the sign-in page with a
/// message, never an error page. One instance serves every provider; it is handed to each provider's
/// options when they are built, so no event looks anything up per call.
/// </summary>
internal sealed class ExternalRemoteEvents(ILogger<ExternalRemoteEvents> logger, AppUrls urls)
{
    public Task OnRemoteFailure(RemoteFailureContext context)
    {
        Log.RemoteFailure(logger, context.Scheme.Name, context.Failure);
        context.Response.Redirect(urls.Browser.SignInError("external"));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    public Task OnAccessDenied(AccessDeniedContext context)
    {
        Log.AccessDenied(logger, context.Scheme.Name);
        context.Response.Redirect(urls.Browser.SignInError("denied"));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>Google and GitHub: the prompt is added to the authorize URL the handler built.</summary>
    public static Task RedirectWithPrompt(RedirectContext<OAuthOptions> context, ExternalProvider provider)
    {
        var uri = ExternalPrompt.IsAddingAccount(context.Properties) && ExternalPrompt.ForAddingAccount(provider, supported: null) is { } prompt
            ? QueryHelpers.AddQueryString(context.RedirectUri, ExternalDefaults.PromptParameter, prompt)
            : context.RedirectUri;
        context.Response.Redirect(uri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// RFC 9207: where the provider says it names itself in authorization responses, a response that
    /// names another issuer, or none, is refused. It is how a response from one provider, replayed to
    /// another's callback (a mix-up attack), is caught before its code is redeemed.
    /// </summary>
    public async Task CheckResponseIssuerAsync(MessageReceivedContext context)
    {
        var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
        if (configuration.AuthorizationResponseIssParameterSupported
            && !string.Equals(context.ProtocolMessage.Iss, configuration.Issuer, StringComparison.Ordinal))
        {
            Log.ResponseIssuerMismatch(logger, context.Scheme.Name, context.ProtocolMessage.Iss, configuration.Issuer);
            context.Fail("The authorization response names another issuer.");
        }
    }
}
