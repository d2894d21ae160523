using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Messaging;

public static partial class MessagingServiceCollectionExtensions
{
    /// <summary>Email by SMTP and texts by webhook when configured; otherwise both to the development mailbox.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<EmailSettings>().BindConfiguration(EmailSettings.Section)
            .Validate(s => s.Smtp.Host is null || s.Smtp.Port is > 0 and < 65536, "Email:Smtp:Port must be a port number.")
            .ValidateOnStart();
        services.AddOptions<SmsSettings>().BindConfiguration(SmsSettings.Section)
            .Validate(s => s.Webhook.Url is null || s.Webhook.Url.IsAbsoluteUri, "Sms:Webhook:Url must be an absolute URL.")
            .Validate(s => s.MaxPerAccountPerDay > 0 && s.MaxPerNumberPerDay > 0, "Sms:MaxPerAccountPerDay and Sms:MaxPerNumberPerDay must be above zero.")
            .Validate(s => s.AllowedCountryCodes.All(code => CountryCode().IsMatch(code.Trim())),
                "Sms:AllowedCountryCodes must be country calling codes like \"+44\" or \"+1\" (a plus and 1 to 4 digits).")
            .ValidateOnStart();

        services.AddScoped<DevMailbox>();
        services.AddScoped<SmtpEmailSender>();
        services.AddHttpClient<WebhookSmsSender>(client => client.Timeout = TimeSpan.FromSeconds(10));

        // Chosen per request, not at start-up, so settings given after Program.cs ran (tests) count.
        services.AddScoped<IEmailSender>(provider =>
            string.IsNullOrEmpty(provider.GetRequiredService<IOptions<EmailSettings>>().Value.Smtp.Host)
                ? provider.GetRequiredService<DevMailbox>()
                : provider.GetRequiredService<SmtpEmailSender>());
        services.AddScoped<ISmsSender>(provider =>
            provider.GetRequiredService<IOptions<SmsSettings>>().Value.Webhook.Url is null
                ? provider.GetRequiredService<DevMailbox>()
                : provider.GetRequiredService<WebhookSmsSender>());
        return services;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{0,3}$")]
    private static partial Regex CountryCode();
}
