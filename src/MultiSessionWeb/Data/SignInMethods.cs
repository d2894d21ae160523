namespace MultiSessionWeb.Data;

public static class SignInMethods
{
    public const string Password = "password";
    public const string SignUp = "sign-up";
    public const string EmailCode = "email-code";
    public const string SmsCode = "sms-code";
    public const string Passkey = "passkey";

    public const string ExternalPrefix = "external-";

    /// <summary>A sign-in through the provider configured as <paramref name="provider"/>, e.g. <c>external-github</c>.</summary>
    public static string External(string provider) => ExternalPrefix + provider;
}
