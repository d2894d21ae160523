namespace MultiSessionWeb.Messaging;

public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody);

public sealed record SmsMessage(string To, string Body);

public interface IEmailSender
{
    /// <exception cref="MessageDeliveryException">The message could not be handed to the mail server.</exception>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public interface ISmsSender
{
    /// <exception cref="MessageDeliveryException">The gateway did not take the message.</exception>
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>A message could not be delivered; the person is asked to try again.</summary>
public sealed class MessageDeliveryException : Exception
{
    public MessageDeliveryException()
    {
    }

    public MessageDeliveryException(string message)
        : base(message)
    {
    }

    public MessageDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
