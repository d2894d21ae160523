using Microsoft.EntityFrameworkCore;

namespace MultiSessionWeb.Sessions;

// What the person proved on a session, and when: the reverification window and step-up on switch read these.
public sealed partial class SessionStore
{
    /// <summary>Notes that the person just proved it was them again on this client's <paramref name="sessionId"/>.</summary>
    public async Task MarkReverifiedAsync(string clientId, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var now = Now;
        await changes.CommitAsync([clientId], () => db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.VerifiedAt, now), cancellationToken), cancellationToken);
    }

    /// <summary>Notes that the second factor was just proved on this client's <paramref name="sessionId"/>.</summary>
    public async Task MarkSecondFactorVerifiedAsync(string clientId, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var now = Now;
        await changes.CommitAsync([clientId], () => db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.SecondFactorVerifiedAt, now), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The account signed in again on a browser where it already was: that proved it's them just now, as
    /// much as confirming it would have (and the second factor too, when it was asked or a passkey was used).
    /// </summary>
    private async Task MarkSignedInAgainAsync(string clientId, string sessionId, bool secondFactorProved, CancellationToken cancellationToken)
    {
        var now = Now;
        DateTime? secondFactorAt = secondFactorProved ? now : null;
        await changes.CommitAsync([clientId], () => db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.VerifiedAt, now)
                .SetProperty(s => s.SecondFactorVerifiedAt, s => secondFactorAt ?? s.SecondFactorVerifiedAt), cancellationToken), cancellationToken);
    }
}
