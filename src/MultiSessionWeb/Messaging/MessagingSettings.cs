using MailKit.Security;

namespace MultiSessionWeb.Messaging;

/// <summary>The <c>Email</c> section. Without <c>Email:Smtp:Host</c>, mail goes to the development mailbox.</summary>
public sealed class EmailSettings
{
    public const string Section = "Email";

    public string From { get; set; } = "MultiSessionWeb <no-reply@localhost>";

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

/// <summary>The <c>Sms</c> section. Without <c>Sms:Webhook:Url</c>, texts go to the development mailbox.</summary>
public sealed class SmsSettings
{
    public const string Section = "Sms";

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
