namespace MultiSessionWeb.Sessions;

public static class SignInMethods
{
    public const string Password = "password";
    public const string SignUp = "sign-up";
    public const string EmailCode = "email-code";
    public const string SmsCode = "sms-code";
}
