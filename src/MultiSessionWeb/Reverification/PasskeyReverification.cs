using MultiSessionWeb.Data;
using MultiSessionWeb.Passkeys;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Reverification;

/// <summary>
/// "Confirm with a passkey": a passkey of this account, with user verification, proves it's this person
/// as a password does, and gives an account with no password a way to confirm without a new sign-in.
/// </summary>
public sealed class PasskeyReverification(ReverificationService reverification, PasskeyStore passkeys, PasskeyCeremonies ceremonies)
{
    /// <summary>What <see cref="ReverificationService.Needs"/> asks, with a passkey in place of a fresh sign-in when the account has one.</summary>
    public async Task<ConfirmWith> NeedsAsync(ClientSession session, User user, CancellationToken cancellationToken, ReverificationRule rule = ReverificationRule.WithinWindow)
    {
        var needs = reverification.Needs(session, user, rule);
        return needs == ConfirmWith.FreshSignIn && await passkeys.AnyAsync(user.Id, cancellationToken) ? ConfirmWith.Passkey : needs;
    }

    /// <summary>The ceremony for this account's passkeys, or null when it has none (then no passkey is offered).</summary>
    public async Task<PasskeyCeremony?> OfferAsync(ClientSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var own = await passkeys.ListAsync(session.User.Id, cancellationToken);
        return own.Count == 0 ? null : ceremonies.StartAssertion(PasskeyCeremonyKinds.Reverify, session.User.Id, own);
    }

    /// <summary>Checks the passkey; confirmed, the session counts as just reverified. Else the words to show.</summary>
    public async Task<string?> ConfirmAsync(HttpContext http, ClientSession session, string? credential, string? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var result = await ceremonies.FinishAssertionAsync(PasskeyCeremonyKinds.Reverify, session.User.Id, credential, state, http, cancellationToken);
        if (result.UserId != session.User.Id)
        {
            return result.Problem ?? PasskeyCeremonies.Failed;
        }

        await reverification.MarkReverifiedAsync(http, session);
        return null;
    }
}
