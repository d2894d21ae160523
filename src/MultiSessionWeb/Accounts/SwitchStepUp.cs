using Microsoft.Extensions.Options;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Accounts;

/// <summary>What an account asks for before it becomes the account a browser (or a tab) acts as.</summary>
public enum StepUpProof
{
    /// <summary>Nothing: the account does not ask, or the last proof on its session is recent enough.</summary>
    None,

    /// <summary>A code from its authenticator app, or one of its recovery codes.</summary>
    Code,

    /// <summary>Its password: the account has no authenticator app.</summary>
    Password,

    /// <summary>It has neither: only signing in to it again proves it.</summary>
    FreshSignIn,
}

/// <summary>
/// Step-up on switch: an account that asks for it (<see cref="Data.User.StepUpOnSwitch"/>), and every
/// administrator, is switched to only with a proof fresher than <c>Mfa:StepUpOnSwitchAfter</c>. A
/// person who walks up to a browser where a privileged account is signed in but not in use must not get
/// it with one click; Clerk and better-auth switch with no check at all.
/// </summary>
public sealed class SwitchStepUp(
    UserService users, SecondFactors factors, Administrators administrators, IOptions<MfaSettings> settings, TimeProvider time)
{
    /// <summary>What must be proved before <paramref name="session"/> may act on this browser while another account is active.</summary>
    public async Task<StepUpProof> DueAsync(ClientSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        // The second factor is the strongest proof any account can give: fresh, nothing else is asked,
        // and the common case costs no query.
        if (IsRecent(session.SecondFactorVerifiedAt))
        {
            return StepUpProof.None;
        }

        // Most accounts do not ask: the flag and the email come with the browser's sessions, so
        // deciding that costs no query on a /u/{slot}/ page or a switch.
        if ((!session.User.StepUpOnSwitch && !administrators.Includes(session.User.Email))
            || await users.FindAsync(session.User.Id, cancellationToken) is not { } user)
        {
            return StepUpProof.None;
        }

        return await factors.HasAuthenticatorAsync(user.Id, cancellationToken) ? StepUpProof.Code
            : IsRecent(session.VerifiedAt) ? StepUpProof.None
            : UserService.HasPassword(user) ? StepUpProof.Password
            : StepUpProof.FreshSignIn;
    }

    /// <summary>The account is an administrator: step-up on switch is always on for it.</summary>
    public bool AlwaysAsks(string email) => administrators.Includes(email);

    private bool IsRecent(DateTime? provedAt) =>
        provedAt is { } at && time.GetUtcNow().UtcDateTime - at <= settings.Value.StepUpOnSwitchAfter;
}

/// <summary>What happened when the browser asked to switch accounts.</summary>
public abstract record SwitchOutcome
{
    /// <summary>The account is not signed in on this browser (any more).</summary>
    public sealed record NotSignedInHere : SwitchOutcome;

    /// <summary>The account asks for <paramref name="Proof"/> first; the active account did not change.</summary>
    public sealed record StepUpDue(ClientSession Session, StepUpProof Proof) : SwitchOutcome;

    public sealed record Switched(ClientSession Session) : SwitchOutcome;
}
