using System.Globalization;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Reverification;

/// <summary>What can confirm it's this person on this session now.</summary>
/// <remarks>A second factor joins as one more way; the pages ask for whichever the account has.</remarks>
public enum ConfirmWith
{
    /// <summary>The session proved it within the window: nothing is asked.</summary>
    Nothing,

    Password,

    /// <summary>The account has no password but a passkey: a passkey with user verification proves it.</summary>
    Passkey,

    /// <summary>The account has nothing to ask for (made by a provider or with codes): only a new sign-in proves it.</summary>
    FreshSignIn,
}

/// <summary>When a page asks.</summary>
public enum ReverificationRule
{
    /// <summary>Once per window (ASVS 7.5.2).</summary>
    WithinWindow,

    /// <summary>Every time the account has a password: changing it needs the current one (ASVS 6.2.3).</summary>
    PasswordAlways,
}

public enum ReverificationOutcome
{
    NotNeeded,
    Confirmed,

    /// <summary>A password is needed and none was entered.</summary>
    Missing,

    Wrong,
    NeedsFreshSignIn,
}

/// <summary>
/// "Confirm it's you" before a sensitive change (ASVS 7.5.1, 7.5.2): the one place that decides whether
/// the session proved it recently, checks what the person entered, and notes that they did.
/// </summary>
public sealed class ReverificationService(SessionStore sessions, UserService users, TimeProvider time, IOptions<SessionSettings> settings)
{
    /// <summary><c>Sessions:ReverificationWindow</c> as the pages say it: "10 minutes".</summary>
    public string WindowText { get; } = DurationText(settings.Value.ReverificationWindow);

    /// <summary>The session proved it within <c>Sessions:ReverificationWindow</c>.</summary>
    public bool IsRecent(ClientSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return time.GetUtcNow().UtcDateTime - session.VerifiedAt <= settings.Value.ReverificationWindow;
    }

    public ConfirmWith Needs(ClientSession session, User user, ReverificationRule rule = ReverificationRule.WithinWindow)
    {
        var recent = IsRecent(session);
        return UserService.HasPassword(user) && (rule == ReverificationRule.PasswordAlways || !recent) ? ConfirmWith.Password
            : recent ? ConfirmWith.Nothing
            : ConfirmWith.FreshSignIn;
    }

    /// <summary>
    /// Checks what the person entered against what <see cref="Needs"/> asks for. The password is checked
    /// only when <c>formIsValid</c> (the rest of the form and the password's own length passed
    /// validation), so a form with mistakes costs no hashing and answers with its mistakes alone: then
    /// the outcome is null.
    /// </summary>
    public async Task<ReverificationOutcome?> CheckAsync(
        ClientSession session, User user, string? password, bool formIsValid, CancellationToken cancellationToken,
        ReverificationRule rule = ReverificationRule.WithinWindow) =>
        Needs(session, user, rule) switch
        {
            ConfirmWith.Nothing => ReverificationOutcome.NotNeeded,
            ConfirmWith.FreshSignIn => ReverificationOutcome.NeedsFreshSignIn,
            _ when string.IsNullOrEmpty(password) => ReverificationOutcome.Missing,
            _ when !formIsValid => null,
            // The same check, and so the same work, as a password sign-in.
            _ => await users.CheckPasswordAsync(user, password, cancellationToken) ? ReverificationOutcome.Confirmed : ReverificationOutcome.Wrong,
        };

    /// <summary>Notes that the person just proved it on this browser's session, so the next pages within the window need not ask.</summary>
    public Task MarkReverifiedAsync(HttpContext http, ClientSession session)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(session);
        return sessions.MarkReverifiedAsync(http.GetClientState().ClientId!, session.Id, http.RequestAborted);
    }

    /// <summary>A duration as the pages say it: "10 minutes", "1 hour".</summary>
    public static string DurationText(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? Count((int)window.TotalHours, "hour")
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? Count((int)window.TotalMinutes, "minute")
        : Count((int)Math.Ceiling(window.TotalSeconds), "second");

    private static string Count(int n, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
}
