using Microsoft.Extensions.Options;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.TwoFactor;

/// <summary>
/// <c>Mfa:Required</c> is read at start-up, so a start with it on is when sessions made before it was
/// turned on must join the setup-mfa task: otherwise they would go on without a second factor until
/// they end, and the requirement would hold only for sign-ins made after the switch.
/// </summary>
public sealed class MfaRequirementAtStartUp(IServiceScopeFactory scopes, IOptions<MfaSettings> mfa, ILogger<MfaRequirementAtStartUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!mfa.Value.Required)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var pending = await scope.ServiceProvider.GetRequiredService<SessionStore>().MarkPendingWithoutSecondFactorAsync(cancellationToken);
        Log.ExistingSessionsPending(logger, pending);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
