using System.Net;

namespace MultiSessionWeb.Messaging;

/// <summary>What the messages say: who asks, the code, how long it is valid, and what to do if it wasn't you.</summary>
public static class MessageTexts
{
    public const string Product = "MultiSessionWeb";

    public static EmailMessage SignInCode(string to, string code, TimeSpan validFor) => CodeEmail(
        to, code, validFor,
        subject: $"{code} is your {Product} sign-in code",
        why: $"Someone — hopefully you — asked to sign in to {Product} as {to}.");

    public static EmailMessage VerificationCode(string to, string code, TimeSpan validFor) => CodeEmail(
        to, code, validFor,
        subject: $"{code} is your {Product} verification code",
        why: $"Someone — hopefully you — asked to use {to} for a {Product} account.");

    /// <summary>A code that proves the account's own address before a change the account asked for (a new password).</summary>
    public static EmailMessage AccountCode(string to, string code, TimeSpan validFor) => CodeEmail(
        to, code, validFor,
        subject: $"{code} is your {Product} code to choose a new password",
        why: $"Someone — hopefully you — is choosing a new password for the {Product} account {to}.");

    /// <summary>Sent instead of a code when someone signs up with an address that already has an account.</summary>
    public static EmailMessage AlreadyRegistered(string to) => new(
        to,
        $"Your {Product} account",
        $"Someone — hopefully you — tried to create a {Product} account with {to}, but this address already has one.\n\n" +
        "To get in, sign in with your password or ask for a sign-in code.\n\n" +
        "If this wasn't you, ignore this message: nothing has changed.",
        Html(
            $"Someone — hopefully you — tried to create a {Product} account with <strong>{WebUtility.HtmlEncode(to)}</strong>, but this address already has one.",
            "To get in, sign in with your password or ask for a sign-in code.",
            "If this wasn't you, ignore this message: nothing has changed."));

    /// <summary>Sent to the old address when an account's email address changes.</summary>
    public static EmailMessage EmailChanged(string to, string newAddress) => new(
        to,
        $"Your {Product} email address was changed",
        $"The email address of your {Product} account was changed from {to} to {newAddress}. Sign-in codes and messages now go there.\n\n" +
        "If this wasn't you, sign in, change your password and sign out of the devices you don't know.",
        Html(
            $"The email address of your {Product} account was changed from <strong>{WebUtility.HtmlEncode(to)}</strong> to <strong>{WebUtility.HtmlEncode(newAddress)}</strong>. Sign-in codes and messages now go there.",
            "If this wasn't you, sign in, change your password and sign out of the devices you don't know."));

    public static SmsMessage SmsCode(string to, string code, TimeSpan validFor) => new(
        to, $"{code} is your {Product} code. It is valid for {Minutes(validFor)}. If you didn't ask for it, ignore this message.");

    private static EmailMessage CodeEmail(string to, string code, TimeSpan validFor, string subject, string why) => new(
        to,
        subject,
        $"{why}\n\nYour code: {code}\n\nIt is valid for {Minutes(validFor)} and works once.\n\n" +
        "If this wasn't you, ignore this message: no one can get in without the code. Never share it; we will never ask you for it.",
        Html(
            WebUtility.HtmlEncode(why),
            $"Your code:</p><p style=\"font-size:28px;font-weight:700;letter-spacing:6px;margin:8px 0\">{code}",
            $"It is valid for {Minutes(validFor)} and works once.",
            "If this wasn't you, ignore this message: no one can get in without the code. Never share it; we will never ask you for it."));

    private static string Html(params string[] paragraphs) =>
        "<!DOCTYPE html><html><body style=\"font-family:system-ui,sans-serif;color:#1b1f24;line-height:1.5\">" +
        string.Concat(paragraphs.Select(p => $"<p>{p}</p>")) +
        $"<p style=\"color:#57606a;font-size:13px\">{Product}</p></body></html>";

    private static string Minutes(TimeSpan validFor) =>
        validFor.TotalMinutes == 1 ? "1 minute" : $"{(int)validFor.TotalMinutes} minutes";
}
