using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Messaging;

/// <summary>
/// Keeps mail and texts in the database when no SMTP server or SMS gateway is configured, so the app
/// runs with no set-up; in Development they are listed at <c>/dev/mailbox</c>.
/// </summary>
public sealed class DevMailbox(AppDbContext db, TimeProvider time) : IEmailSender, ISmsSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return StoreAsync("email", message.To, message.Subject, message.TextBody, cancellationToken);
    }

    public Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return StoreAsync("sms", message.To, null, message.Body, cancellationToken);
    }

    public Task<List<DevMessage>> LatestAsync(int count, CancellationToken cancellationToken) =>
        db.DevMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(count).ToListAsync(cancellationToken);

    private async Task StoreAsync(string channel, string to, string? subject, string body, CancellationToken cancellationToken)
    {
        db.DevMessages.Add(new DevMessage { Channel = channel, To = to, Subject = subject, Body = body, CreatedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
    }
}
