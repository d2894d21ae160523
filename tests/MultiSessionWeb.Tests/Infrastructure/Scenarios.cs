namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>What people do, written once: each goes through the pages and forms a person would use.</summary>
public static class Scenarios
{
    public static async Task<Page> SignInAsync(this Browser browser, TestUser user, string? returnUrl = null)
    {
        var page = await browser.GetAsync(returnUrl is null ? "/sign-in" : $"/sign-in?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        return await browser.SubmitAndFollowAsync(page, page.Form("/sign-in"), Credentials(user));
    }

    /// <summary>Fills in the sign-up form; the page that comes back asks for the emailed code.</summary>
    public static async Task<Page> StartSignUpAsync(this Browser browser, TestUser user)
    {
        var page = await browser.GetAsync("/sign-up");
        return await browser.SubmitAndFollowAsync(page, page.Form("/sign-up"), new Dictionary<string, string>
        {
            ["Name"] = user.Name,
            ["Email"] = user.Email,
            ["Password"] = user.Password,
        });
    }

    /// <summary>Signs up and enters the code from the email, as a person would.</summary>
    public static async Task<Page> SignUpAsync(this Browser browser, AppFactory app, TestUser user)
    {
        var page = await browser.StartSignUpAsync(user);
        return await browser.EnterCodeAsync(page, await app.LatestCodeForAsync(user.Email.Trim()));
    }

    /// <summary>Types a code into the "check your email / phone" page.</summary>
    public static Task<Page> EnterCodeAsync(this Browser browser, Page page, string code) =>
        browser.SubmitAndFollowAsync(page, page.Form("/verify"), new Dictionary<string, string> { ["Code"] = code });

    /// <summary>Picks the account in the account menu of the home page.</summary>
    public static async Task<Page> SwitchToAsync(this Browser browser, TestUser user)
    {
        var page = await browser.GetAsync("/");
        return await browser.SubmitAndFollowAsync(page, page.Form("/accounts/switch", user.Email));
    }

    /// <summary>Signs out of one account from the account chooser.</summary>
    public static async Task<Page> SignOutOfAsync(this Browser browser, TestUser user)
    {
        var page = await browser.GetAsync("/accounts");
        return await browser.SubmitAndFollowAsync(page, page.Form("/accounts/sign-out", user.Email));
    }

    /// <summary>"Sign out" in the account menu: the account the page shows.</summary>
    public static async Task<Page> SignOutFromMenuAsync(this Browser browser)
    {
        var page = await browser.GetAsync("/");
        return await browser.SubmitAndFollowAsync(page, page.Form("/accounts/sign-out"));
    }

    public static async Task<Page> SignOutOfAllAsync(this Browser browser)
    {
        var page = await browser.GetAsync("/");
        return await browser.SubmitAndFollowAsync(page, page.Form("/accounts/sign-out-all"));
    }

    /// <summary>The emails of the accounts signed in on this browser (not the remembered ones), in slot order, and the active one.</summary>
    public static async Task<(IReadOnlyList<string> Emails, string? Active)> AccountsAsync(this Browser browser)
    {
        var client = await browser.GetClientAsync();
        var active = client.Sessions.SingleOrDefault(s => s.Id == client.LastActiveSessionId)?.User.Email;
        return ([.. client.Sessions.Where(s => s.Status is "active" or "pending").Select(s => s.User.Email)], active);
    }

    /// <summary>The emails of this browser's remembered accounts ("Signed out — sign in again") with their status.</summary>
    public static async Task<IReadOnlyList<(string Email, string Status)>> RememberedAsync(this Browser browser) =>
        [.. (await browser.GetClientAsync()).Sessions.Where(s => s.Status is not ("active" or "pending")).Select(s => (s.User.Email, s.Status))];

    public static async Task<string> SessionIdOfAsync(this Browser browser, TestUser user) =>
        (await browser.GetClientAsync()).Sessions.Single(s => s.User.Email == user.Email).Id;

    public static Dictionary<string, string> Credentials(TestUser user) => new()
    {
        ["Email"] = user.Email,
        ["Password"] = user.Password,
    };
}
