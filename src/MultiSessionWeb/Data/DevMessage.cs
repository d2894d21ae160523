namespace MultiSessionWeb.Data;

/// <summary>An email or SMS kept in the database instead of sent, when no SMTP server or SMS gateway is configured.</summary>
public sealed class DevMessage
{
    public long Id { get; init; }

    /// <summary>"email" or "sms".</summary>
    public required string Channel { get; init; }

    public required string To { get; init; }

    public string? Subject { get; init; }

    public required string Body { get; init; }

    public required DateTime CreatedAt { get; init; }
}
