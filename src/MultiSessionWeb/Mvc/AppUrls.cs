using System.Globalization;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Authentication;

namespace MultiSessionWeb.Mvc;

/// <summary>
/// Every app URL a page or a redirect names, built in one place. Two kinds exist, and the API makes
/// the choice explicit: <see cref="Browser"/> pages belong to the whole browser (sign-in, the chooser,
/// the task) and never carry a <c>/u/{slot}/</c> prefix; <see cref="Account"/> pages act as this tab's
/// account and keep the prefix the request came with, so a tab stays with its account.
/// </summary>
/// <remarks>
/// The sign-in, chooser and task paths are the scheme's options, read as the handler reads them, so
/// configuring one moves the challenge and every redirect together. The URLs are plain string
/// concatenation: the account menu builds several on every page.
/// </remarks>
public sealed class AppUrls
{
    public AppUrls(IHttpContextAccessor accessor, IOptionsMonitor<MultiSessionOptions> options)
    {
        Browser = new BrowserUrls(accessor, options);
        Account = new AccountUrls(accessor);
    }

    /// <summary>Browser-wide pages: under the root path base, never under <c>/u/{slot}/</c>.</summary>
    public BrowserUrls Browser { get; }

    /// <summary>This tab's account: under the request's path base, <c>/u/{slot}/</c> included.</summary>
    public AccountUrls Account { get; }

    internal static HttpContext Context(IHttpContextAccessor accessor) =>
        accessor.HttpContext ?? throw new InvalidOperationException("App URLs are built during a request.");

    /// <summary><c>?{name}={value}&amp;ReturnUrl={returnUrl}</c>; a null return URL is written empty.</summary>
    internal static QueryString Pairs(string name, string value, string? returnUrl) =>
        QueryString.Create([new KeyValuePair<string, string?>(name, value), new KeyValuePair<string, string?>(MultiSessionDefaults.ReturnUrlParameter, returnUrl)]);

    internal static string WithReturnUrl(string path, string? returnUrl) =>
        returnUrl is null ? path : path + QueryString.Create(MultiSessionDefaults.ReturnUrlParameter, returnUrl);
}

/// <summary>The routes that are not options: one place per path.</summary>
public static class AppPaths
{
    public const string Home = "/";

    /// <summary>The route the sign-in form posts to; the page links and redirects name is the scheme's option.</summary>
    public const string SignIn = MultiSessionDefaults.SignInPath;
    public const string SignInCode = "/sign-in/code";
    public const string SignInCodeVerify = "/sign-in/code/verify";
    public const string SignInExternal = "/sign-in/external";
    public const string SecondStep = "/sign-in/second-step";
    public const string SignInPasskey = "/sign-in/passkey";
    public const string SignUp = "/sign-up";
    public const string SignUpVerify = "/sign-up/verify";
    public const string SignUpResend = "/sign-up/resend";
    public const string Switch = "/accounts/switch";
    public const string SignOut = "/accounts/sign-out";
    public const string SignOutAll = "/accounts/sign-out-all";
    public const string Remove = "/accounts/remove";
    public const string StepUp = "/accounts/step-up";
    public const string TaskForm = "/tasks/reset-password";
    public const string TaskCode = "/tasks/reset-password/code";

    public const string Profile = "/account";
    public const string Devices = "/account/devices";
    public const string Email = "/account/email";
    public const string EmailVerify = "/account/email/verify";
    public const string Password = "/account/password";
    public const string Phone = "/account/phone";
    public const string PhoneVerify = "/account/phone/verify";
    public const string Logins = "/account/logins";
    public const string Passkeys = "/account/passkeys";
    public const string Security = "/account/security";
    public const string TwoFactor = "/account/two-factor";
    public const string ConfirmLink = "/account/link";
    public const string Admin = "/admin";
}

/// <summary>Pages of the whole browser, under the root path base (see <see cref="AccountSlotHttpContextExtensions.GetRootPathBase"/>).</summary>
public sealed class BrowserUrls(IHttpContextAccessor accessor, IOptionsMonitor<MultiSessionOptions> options)
{
    // Links to a provider's sign-in have always said "returnUrl"; the pages that print them are pinned to it.
    private const string ExternalReturnUrlParameter = "returnUrl";

    public string Home() => Root() + AppPaths.Home;

    /// <summary>The sign-in page; <paramref name="email"/> fills its address (a remembered account).</summary>
    public string SignIn(string? returnUrl = null, string? email = null)
    {
        var path = Root() + Options().SignInPath;
        if (email is null)
        {
            return AppUrls.WithReturnUrl(path, returnUrl);
        }

        // Escaped as RFC 3986 data (the "@" too), as the remembered-account links have always been.
        var query = new QueryString("?email=" + Uri.EscapeDataString(email));
        return path + (returnUrl is null ? query : query.Add(MultiSessionDefaults.ReturnUrlParameter, returnUrl));
    }

    /// <summary>Where the password form posts: the sign-in route, wherever the sign-in page is configured to be.</summary>
    public string SignInForm() => Root() + AppPaths.SignIn;

    /// <summary>The sign-in page with a message about what went wrong (<c>?error=…</c>).</summary>
    public string SignInError(string error) => Root() + Options().SignInPath + QueryString.Create("error", error);

    /// <summary>As <see cref="SignInError(string)"/>, always naming where to go next (empty when none).</summary>
    public string SignInError(string error, string? returnUrl) =>
        Root() + Options().SignInPath + AppUrls.Pairs("error", error, returnUrl);

    /// <summary>The code sign-in form's address; with a channel, the page that asks for that channel's code.</summary>
    public string SignInCode(string? channel = null, string? returnUrl = null)
    {
        var path = Root() + AppPaths.SignInCode;
        return channel is null ? path
            : returnUrl is null ? path + QueryString.Create("channel", channel)
            : path + AppUrls.Pairs("channel", channel, returnUrl);
    }

    public string SignInCodeVerify() => Root() + AppPaths.SignInCodeVerify;

    /// <summary>The second step of a half-done sign-in; without an id, where its form posts.</summary>
    public string SecondStep(string? id = null, string? returnUrl = null) =>
        id is null ? Root() + AppPaths.SecondStep : Root() + AppPaths.SecondStep + AppUrls.Pairs("id", id, returnUrl);

    public string SignInPasskey() => Root() + AppPaths.SignInPasskey;

    /// <summary>The passkey module, loaded only by the pages that offer a passkey.</summary>
    public string PasskeysScript() => Root() + "/js/passkeys.js";

    /// <summary>Starts the sign-in through <paramref name="provider"/>.</summary>
    public string External(string provider, string? returnUrl = null)
    {
        var path = Root() + AppPaths.SignInExternal + "/" + provider;
        return returnUrl is null ? path : path + QueryString.Create(ExternalReturnUrlParameter, returnUrl);
    }

    /// <summary>Where the provider's answer is completed, after its callback path.</summary>
    public string ExternalDone(string provider, string returnUrl) =>
        Root() + AppPaths.SignInExternal + "/" + provider + "/done" + QueryString.Create(ExternalReturnUrlParameter, returnUrl);

    public string SignUp(string? returnUrl = null) => AppUrls.WithReturnUrl(Root() + AppPaths.SignUp, returnUrl);

    public string SignUpVerify() => Root() + AppPaths.SignUpVerify;

    public string SignUpResend() => Root() + AppPaths.SignUpResend;

    /// <summary>"Choose an account".</summary>
    public string Chooser(string? returnUrl = null) => AppUrls.WithReturnUrl(Root() + Options().ChooserPath, returnUrl);

    public string Switch() => Root() + AppPaths.Switch;

    public string SignOut() => Root() + AppPaths.SignOut;

    public string SignOutAll() => Root() + AppPaths.SignOutAll;

    public string Remove() => Root() + AppPaths.Remove;

    /// <summary>
    /// "Confirm it's you" before <paramref name="sessionId"/> becomes the active account — or, with
    /// <paramref name="open"/>, before a tab acts as it — then on to <paramref name="returnUrl"/>.
    /// Without a session, where its form posts.
    /// </summary>
    public string StepUp(string? sessionId = null, string? returnUrl = null, bool open = false)
    {
        var path = Root() + AppPaths.StepUp;
        return sessionId is null ? path
            : path + AppUrls.Pairs("session", sessionId, returnUrl) + (open ? "&open=true" : "");
    }

    /// <summary>The active session's due task, then on to <paramref name="returnUrl"/>.</summary>
    public string Task(string returnUrl) =>
        Root() + (AppUrls.Context(accessor).GetClientState().Active?.Task == Data.SessionTasks.SetupMfa ? Options().SetupMfaTaskPath : Options().TaskPath)
        + QueryString.Create(MultiSessionDefaults.ReturnUrlParameter, returnUrl);

    /// <summary>The setup-mfa task's page; without a return URL, where its form posts.</summary>
    public string SetupMfaTask(string? returnUrl = null) => AppUrls.WithReturnUrl(Root() + Options().SetupMfaTaskPath, returnUrl);

    /// <summary>Where the task's form posts.</summary>
    public string TaskForm() => Root() + AppPaths.TaskForm;

    public string TaskCode() => Root() + AppPaths.TaskCode;

    /// <summary>The account in <paramref name="slot"/>, in a tab of its own (<c>/u/{slot}/</c>).</summary>
    public string Slot(int slot) =>
        string.Concat(Root(), MultiSessionDefaults.SlotPrefix, "/", slot.ToString(CultureInfo.InvariantCulture), "/");

    private string Root() => AppUrls.Context(accessor).GetRootPathBase().ToString();

    private MultiSessionOptions Options() => options.Get(MultiSessionDefaults.AuthenticationScheme);
}

/// <summary>Pages that act as this tab's account: under the request's path base, with its <c>/u/{slot}</c>.</summary>
public sealed class AccountUrls(IHttpContextAccessor accessor)
{
    public string Home() => Base() + AppPaths.Home;

    public string Profile() => Base() + AppPaths.Profile;

    public string Devices() => Base() + AppPaths.Devices;

    public string DevicesConfirm() => Base() + AppPaths.Devices + "/confirm";

    public string DevicesSignOut() => Base() + AppPaths.Devices + "/sign-out";

    public string DevicesSignOutOthers() => Base() + AppPaths.Devices + "/sign-out-others";

    public string Email() => Base() + AppPaths.Email;

    public string EmailVerify() => Base() + AppPaths.EmailVerify;

    public string Password() => Base() + AppPaths.Password;

    public string Phone() => Base() + AppPaths.Phone;

    public string PhoneVerify() => Base() + AppPaths.PhoneVerify;

    public string Logins() => Base() + AppPaths.Logins;

    /// <summary>Two-step verification; <paramref name="action"/> for where its forms post (<c>confirm</c>, <c>recovery-codes</c>, <c>turn-off</c>).</summary>
    public string TwoFactor(string? action = null) => action is null ? Base() + AppPaths.TwoFactor : Base() + AppPaths.TwoFactor + "/" + action;

    public string UnlinkLogin() => Base() + AppPaths.Logins + "/unlink";

    public string Passkeys() => Base() + AppPaths.Passkeys;

    public string PasskeysAdd() => Base() + AppPaths.Passkeys + "/add";

    public string PasskeysRename() => Base() + AppPaths.Passkeys + "/rename";

    public string PasskeysRemove() => Base() + AppPaths.Passkeys + "/remove";

    /// <summary>"Confirm with a passkey", from any page that asks to confirm it's you; back to <paramref name="returnUrl"/>.</summary>
    public string PasskeysConfirm(string? returnUrl = null) => AppUrls.WithReturnUrl(Base() + AppPaths.Passkeys + "/confirm", returnUrl);

    /// <summary>Security activity; <paramref name="page"/> for the older or newer entries.</summary>
    public string Security(int? page = null) =>
        page is { } number
            ? Base() + AppPaths.Security + QueryString.Create("page", number.ToString(CultureInfo.InvariantCulture))
            : Base() + AppPaths.Security;

    /// <summary>The owner's yes to a provider login that waits for this account.</summary>
    public string ConfirmLink(string? returnUrl = null) => AppUrls.WithReturnUrl(Base() + AppPaths.ConfirmLink, returnUrl);

    public string CancelLink() => Base() + AppPaths.ConfirmLink + "/cancel";

    public string Admin() => Base() + AppPaths.Admin;

    public string AdminUser(string id) => Base() + AppPaths.Admin + "/users/" + Uri.EscapeDataString(id);

    /// <summary>Where an administrator's action on the user posts (<c>disable</c>, <c>end-session</c>, …).</summary>
    public string AdminUser(string id, string action) => AdminUser(id) + "/" + action;

    // Url.Content("~/…") and LocalRedirect("~/…") use the path base's unescaped value; so does this.
    private string Base() => AppUrls.Context(accessor).Request.PathBase.Value ?? "";
}
