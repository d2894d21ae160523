using MultiSessionWeb.Security;

namespace MultiSessionWeb.Authentication;

public static class MultiSessionDefaults
{
    public const string AuthenticationScheme = "MultiSession";

    /// <summary>The cookie's name over HTTP; over HTTPS it carries the <c>__Host-</c> prefix.</summary>
    public const string CookieName = "msw.client";

    public const string SecureCookiePrefix = HostPrefixedCookieManager.Prefix;

    /// <summary>Fixed forever: changing it makes every issued cookie unreadable.</summary>
    public const string DataProtectionPurpose = "MultiSessionWeb.Authentication.MultiSession.v1";

    /// <summary>The <see cref="Microsoft.AspNetCore.Authentication.AuthenticationProperties"/> item naming the one session to sign out of.</summary>
    public const string SessionIdItem = ".sessionId";

    public const string SignInPath = "/sign-in";

    public const string ChooserPath = "/accounts";

    public const string TaskPath = "/tasks/reset-password";
    public const string SetupMfaTaskPath = "/tasks/setup-mfa";

    public const string ReturnUrlParameter = "ReturnUrl";

    /// <summary>The path of an account's own tabs: <c>/u/{slot}/</c>.</summary>
    public const string SlotPrefix = "/u";

    /// <summary>Browsers keep at most 4096 bytes a cookie; a larger value is never ours.</summary>
    public const int MaxCookieSize = 4096;
}

public static class MultiSessionClaimTypes
{
    public const string SessionId = "sid";

    public const string ClientId = "client_id";
}
