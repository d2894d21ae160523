namespace MultiSessionWeb.External;

public static class ExternalClaimTypes
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string Name = "name";
}
