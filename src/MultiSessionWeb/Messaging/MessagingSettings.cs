using MailKit.Security;

namespace MultiSessionWeb.Messaging;

/// <summary>Where messages go when no server or gateway is configured.</summary>
public enum Outbox
{
    /// <summary>Nowhere else: in Production the app refuses to start without the server or gateway.</summary>
    None,

    /// <summary>The <c>DevMessages</c> table (read at <c>/dev/mailbox</c> in Development), chosen on purpose.</summary>
    Database,
}

/// <summary>
/// The <c>Email</c> section. Without <c>Email:Smtp:Host</c>, mail goes to the database outbox — in
/// Development always, in Production only when <c>Email:Outbox</c> is <c>Database</c>.
/// </summary>
public sealed class EmailSettings
{
    public const string Section = "Email";

    public string From { get; set; } = "MultiSessionWeb <no-reply@localhost>";

    public Outbox Outbox { get; set; }

    /// <summary>Messages (mail and texts) waiting to be sent at most; beyond it, asking for a code says "try again".</summary>
    public int QueueCapacity { get; set; } = 1000;

    public SmtpSettings Smtp { get; set; } = new();
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>MailKit's options: Auto, None, SslOnConnect, StartTls, StartTlsWhenAvailable.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The <c>Sms</c> section. Without <c>Sms:Webhook:Url</c>, texts go to the database outbox — in
/// Development always, in Production only when <c>Sms:Outbox</c> is <c>Database</c>.
/// </summary>
public sealed class SmsSettings
{
    public const string Section = "Sms";

    public Outbox Outbox { get; set; }

    public WebhookSettings Webhook { get; set; } = new();

    /// <summary>Texts one account may cause in a day: phone verifications, and sign-in codes from its own browsers.</summary>
    public int MaxPerAccountPerDay { get; set; } = 10;

    /// <summary>Texts one number may be sent in a day, whoever asks (except the account's own browsers signing in).</summary>
    public int MaxPerNumberPerDay { get; set; } = 10;

    /// <summary>Country calling codes texts may go to, like <c>["+44", "+1"]</c>; empty means any.</summary>
    public string[] AllowedCountryCodes { get; set; } = [];

    /// <summary>True when texts may go to the E.164 number <paramref name="phone"/>.</summary>
    public bool AllowsNumber(string phone) =>
        AllowedCountryCodes.Length == 0 || AllowedCountryCodes.Any(code => phone.StartsWith(code.Trim(), StringComparison.Ordinal));
}

public sealed class WebhookSettings
{
    /// <summary>The gateway's endpoint; it gets <c>{"to": "+4915…", "body": "…"}</c> as a JSON POST.</summary>
    public Uri? Url { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c> when set.</summary>
    public string? BearerToken { get; set; }
}
