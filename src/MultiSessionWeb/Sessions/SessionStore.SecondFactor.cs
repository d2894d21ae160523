using Microsoft.EntityFrameworkCore;

namespace MultiSessionWeb.Sessions;

public sealed partial class SessionStore
{
    /// <summary>Notes that the second factor was just proved on this client's <paramref name="sessionId"/>.</summary>
    public async Task MarkSecondFactorVerifiedAsync(string clientId, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var now = Now;
        await changes.CommitAsync([clientId], () => db.Sessions
            .Where(s => s.Id == sessionId && s.ClientId == clientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.SecondFactorVerifiedAt, now), cancellationToken), cancellationToken);
    }
}
