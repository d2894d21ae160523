namespace MultiSessionWeb.Sessions;

/// <summary>What happened when a user was signed in to this browser.</summary>
public abstract record SignInOutcome
{
    /// <summary>A new session was added and made active.</summary>
    public sealed record Added(string SessionId) : SignInOutcome;

    /// <summary>The account was already signed in here; that session is active again (Clerk's <c>identifier_already_signed_in</c>).</summary>
    public sealed record AlreadySignedIn(string SessionId) : SignInOutcome;

    /// <summary>The browser holds as many accounts as it may.</summary>
    public sealed record TooManyAccounts(int Limit) : SignInOutcome;

    /// <summary>Single-session mode and an account is signed in already (Clerk's <c>session_exists</c>).</summary>
    public sealed record SessionExists : SignInOutcome;

    /// <summary>The account is disabled; no session is made for it, whatever proved the person.</summary>
    public sealed record AccountDisabled : SignInOutcome;
}

/// <summary>What is left after signing out of one account.</summary>
/// <param name="WasActive">The session signed out of was the browser's active one.</param>
/// <param name="Remaining">Accounts still signed in on the browser.</param>
/// <param name="NowActive">The account that became active in its place: the most recently used one that can act.</param>
public sealed record SignOutOutcome(bool WasActive, int Remaining, ClientSession? NowActive);
