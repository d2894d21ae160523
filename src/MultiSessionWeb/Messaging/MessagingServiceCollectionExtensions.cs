using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Messaging;

public static partial class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Email by SMTP and texts by webhook when configured; otherwise both to the database outbox, which
    /// Production must choose on purpose. Messages are sent off the request path by a background queue.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<EmailSettings>().BindConfiguration(EmailSettings.Section)
            .Validate(s => s.Smtp.Host is null || s.Smtp.Port is > 0 and < 65536, "Email:Smtp:Port must be a port number.")
            .Validate(s => s.QueueCapacity > 0, "Email:QueueCapacity must be above zero.")
            .ValidateOnStart();
        services.AddOptions<SmsSettings>().BindConfiguration(SmsSettings.Section)
            .Validate(s => s.Webhook.Url is null || s.Webhook.Url.IsAbsoluteUri, "Sms:Webhook:Url must be an absolute URL.")
            .Validate(s => s.MaxPerAccountPerDay > 0 && s.MaxPerNumberPerDay > 0, "Sms:MaxPerAccountPerDay and Sms:MaxPerNumberPerDay must be above zero.")
            .Validate(s => s.AllowedCountryCodes.All(code => CountryCode().IsMatch(code.Trim())),
                "Sms:AllowedCountryCodes must be country calling codes like \"+44\" or \"+1\" (a plus and 1 to 4 digits).")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailSettings>, ProductionOutboxValidation>();
        services.AddSingleton<IValidateOptions<SmsSettings>, ProductionOutboxValidation>();

        services.AddScoped<DevMailbox>();
        services.AddScoped<SmtpEmailSender>();
        services.AddHttpClient<WebhookSmsSender>(client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<OutgoingMessages>();
        services.AddHostedService<MessageSenderService>();

        // Chosen per message, not at start-up, so settings given after Program.cs ran (tests) count.
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

    /// <summary>
    /// In Production, codes written in clear text to a database table are a choice, never a fallback:
    /// without a mail server (or SMS gateway) the app stops at start-up and says which setting to give.
    /// </summary>
    private sealed class ProductionOutboxValidation(IHostEnvironment environment) : IValidateOptions<EmailSettings>, IValidateOptions<SmsSettings>
    {
        public ValidateOptionsResult Validate(string? name, EmailSettings options) =>
            environment.IsProduction() && string.IsNullOrEmpty(options.Smtp.Host) && options.Outbox != Outbox.Database
                ? ValidateOptionsResult.Fail(
                    "Email:Smtp:Host is not set, so mail (sign-in codes included) has nowhere to go. Set Email:Smtp:Host " +
                    "to your mail server, or set Email:Outbox=Database to keep every message in the database's DevMessages table on purpose.")
                : ValidateOptionsResult.Success;

        public ValidateOptionsResult Validate(string? name, SmsSettings options) =>
            environment.IsProduction() && options.Webhook.Url is null && options.Outbox != Outbox.Database
                ? ValidateOptionsResult.Fail(
                    "Sms:Webhook:Url is not set, so texts (sign-in codes included) have nowhere to go. Set Sms:Webhook:Url " +
                    "to your SMS gateway, or set Sms:Outbox=Database to keep every text in the database's DevMessages table on purpose.")
                : ValidateOptionsResult.Success;
    }
}
