namespace MultiSessionWeb.External;

public static class ExternalDefaults
{
    /// <summary>
    /// The short-lived cookie that holds the provider's principal between the provider's callback and
    /// the sign-in into the multi-session cookie, and a link waiting for a password sign-in.
    /// </summary>
    public const string AuthenticationScheme = "External";

    public const string CookieName = "msw.external";

    public static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The <see cref="Microsoft.AspNetCore.Authentication.AuthenticationProperties"/> item naming the provider the flow started with.</summary>
    public const string ProviderItem = ".provider";

    /// <summary>The item naming the user a pending link waits for: that user confirms it, signed in.</summary>
    public const string PendingUserItem = ".linkUser";

    /// <summary>Set when the flow started in a browser already signed in: the person is adding an account.</summary>
    public const string AddingAccountItem = ".addAccount";

    /// <summary>The authorize request parameter that makes the provider show its account picker.</summary>
    public const string PromptParameter = "prompt";

    public const string SelectAccount = "select_account";

    public const string Login = "login";
}
