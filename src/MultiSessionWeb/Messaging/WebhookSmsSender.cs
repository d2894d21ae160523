using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Messaging;

/// <summary>Sends texts by POSTing <c>{"to", "body"}</c> JSON to an SMS gateway's webhook.</summary>
public sealed class WebhookSmsSender(HttpClient http, IOptions<SmsSettings> settings) : ISmsSender
{
    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var webhook = settings.Value.Webhook;
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = JsonContent.Create(new { to = message.To, body = message.Body }),
        };
        if (!string.IsNullOrEmpty(webhook.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", webhook.BearerToken);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new MessageDeliveryException($"The SMS gateway answered {(int)response.StatusCode}.");
            }
        }
        catch (HttpRequestException exception)
        {
            throw new MessageDeliveryException("The SMS gateway could not be reached.", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MessageDeliveryException("The SMS gateway did not answer in time.", exception);
        }
    }
}
