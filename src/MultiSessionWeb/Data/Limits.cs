namespace MultiSessionWeb.Data;

/// <summary>Field lengths shared by the database schema and the input validation.</summary>
public static class Limits
{
    public const int EmailLength = 254;
    public const int NameLength = 100;
    public const int PasswordMinLength = 8;

    // NIST SP 800-63B asks to allow at least 64 characters; the cap keeps hashing cheap for 1 MB inputs.
    public const int PasswordMaxLength = 256;
    public const int UserAgentLength = 512;

    public const int ProviderNameLength = 32;

    // A normalized email and the browser that asked (a device id) fit.
    public const int LimitKeyLength = 300;

    // OpenID Connect caps sub at 255 ASCII characters.
    public const int ExternalSubjectLength = 255;

    // A client secret (and so its sealed copy) is 128 random bits.
    public const int ClientSecretLength = 16;

    // WebAuthn caps a credential id at 1023 bytes.
    public const int PasskeyCredentialIdLength = 1023;
    public const int PasskeyNameLength = 64;
    public const int PasskeysPerAccount = 10;
}
