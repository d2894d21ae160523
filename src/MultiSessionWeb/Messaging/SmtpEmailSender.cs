using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MultiSessionWeb.Messaging;

/// <summary>Sends mail through the configured SMTP server with MailKit.</summary>
public sealed class SmtpEmailSender(IOptions<EmailSettings> settings, TimeProvider time) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = settings.Value;
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(email.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Date = time.GetUtcNow();
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)email.Smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(email.Smtp.Host ?? "", email.Smtp.Port, email.Smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(email.Smtp.UserName))
            {
                await client.AuthenticateAsync(email.Smtp.UserName, email.Smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not MessageDeliveryException)
        {
            throw new MessageDeliveryException($"The mail server {email.Smtp.Host}:{email.Smtp.Port} did not take the message.", exception);
        }
    }
}
