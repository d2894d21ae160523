using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Messaging;

/// <summary>A message waiting to be sent; <see cref="CodeId"/> is the code it carries, forgotten if sending fails.</summary>
public sealed record OutgoingMessage(EmailMessage? Email, SmsMessage? Sms, long? CodeId);

/// <summary>
/// Mail and texts leave the request: the page answers once the message is queued, so a mail server's
/// delay never shows in the answer (and with it, whether the address had an account). The queue is
/// bounded; when it is full the person is asked to try again instead of the memory growing.
/// </summary>
public sealed class OutgoingMessages(IOptions<EmailSettings> settings)
{
    private readonly Channel<OutgoingMessage> _channel = Channel.CreateBounded<OutgoingMessage>(
        new BoundedChannelOptions(settings.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    private int _pending;

    /// <summary>Messages queued or being sent.</summary>
    public int Pending => Volatile.Read(ref _pending);

    internal ChannelReader<OutgoingMessage> Reader => _channel.Reader;

    /// <summary>False when the queue is full: nothing was queued.</summary>
    public bool TryEnqueue(OutgoingMessage message)
    {
        Interlocked.Increment(ref _pending);
        if (_channel.Writer.TryWrite(message))
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        return false;
    }

    internal void Done() => Interlocked.Decrement(ref _pending);
}

/// <summary>Sends what <see cref="OutgoingMessages"/> holds, a few at a time, each in its own scope.</summary>
public sealed partial class MessageSenderService(OutgoingMessages queue, IServiceScopeFactory scopes, ILogger<MessageSenderService> logger) : BackgroundService
{
    // A slow mail server holds one sender, not the whole queue.
    private const int Senders = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendAllAsync(stoppingToken)));

    private async Task SendAllAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await SendAsync(message, stoppingToken);
                }
                finally
                {
                    queue.Done();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what is still queued is not sent, and its codes simply expire.
        }
    }

    private async Task SendAsync(OutgoingMessage message, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            if (message.Email is { } email)
            {
                await scope.ServiceProvider.GetRequiredService<IEmailSender>().SendAsync(email, stoppingToken);
            }
            else if (message.Sms is { } sms)
            {
                await scope.ServiceProvider.GetRequiredService<ISmsSender>().SendAsync(sms, stoppingToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Log.SendFailed(logger, exception, message.Email is null ? "sms" : "email");
            if (message.CodeId is { } codeId)
            {
                // The code never arrived: forget it, so asking again is not held back by the cool-down.
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().OneTimeCodes
                    .Where(c => c.Id == codeId)
                    .ExecuteDeleteAsync(stoppingToken);
            }
        }
    }
}
