namespace MultiSessionWeb.Sessions;

public static class SignInMethods
{
    public const string Password = "password";
    public const string SignUp = "sign-up";
}
