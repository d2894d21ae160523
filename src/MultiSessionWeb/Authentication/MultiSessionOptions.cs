using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace MultiSessionWeb.Authentication;

public sealed class MultiSessionOptions : AuthenticationSchemeOptions
{
    public MultiSessionOptions()
    {
        Cookie = new CookieBuilder
        {
            Name = MultiSessionDefaults.CookieName,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            SecurePolicy = CookieSecurePolicy.SameAsRequest,
            Path = "/",
            IsEssential = true,
        };
    }

    /// <summary>The client cookie's attributes. Over HTTPS its name gets the <c>__Host-</c> prefix.</summary>
    public CookieBuilder Cookie { get; set; }

    public PathString SignInPath { get; set; } = MultiSessionDefaults.SignInPath;

    /// <summary>Where a browser that holds accounts but has none active is sent ("Choose an account").</summary>
    public PathString ChooserPath { get; set; } = MultiSessionDefaults.ChooserPath;

    /// <summary>Where a pending session's due task is done (Clerk's session tasks).</summary>
    public PathString TaskPath { get; set; } = MultiSessionDefaults.TaskPath;

    /// <summary>The setup-mfa task's page: a pending session of an account that must have a second factor and has none.</summary>
    public PathString SetupMfaTaskPath { get; set; } = MultiSessionDefaults.SetupMfaTaskPath;

    public string ReturnUrlParameter { get; set; } = MultiSessionDefaults.ReturnUrlParameter;

    /// <summary>Protects the cookie; when not set, one is made from the app's Data Protection key ring.</summary>
    public IDataProtectionProvider? DataProtectionProvider { get; set; }

    /// <summary>
    /// How many recent cookie values the default <see cref="CookieFormat"/> remembers opened, so that a
    /// browser's unchanged cookie is decrypted once rather than on every request (0: none).
    /// </summary>
    public int CookieMemoCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long a remembered cookie value is used before it is opened again: the longest a Data
    /// Protection key revoked on the key ring still opens a cookie this instance has seen.
    /// </summary>
    public TimeSpan CookieMemoMaxAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Reads and writes the cookie value; set by <see cref="PostConfigureMultiSessionOptions"/>.</summary>
    public ISecureDataFormat<ClientCookie> CookieFormat { get; set; } = null!;
}
