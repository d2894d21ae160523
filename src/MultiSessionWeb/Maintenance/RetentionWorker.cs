using Microsoft.Extensions.Options;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Maintenance;

/// <summary>Runs <see cref="Retention"/> every <c>Sessions:CleanupInterval</c>, so no table grows without bound.</summary>
public sealed class RetentionWorker(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<SessionSettings> settings,
    ILogger<RetentionWorker> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.CleanupInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Retention>().RunAsync(BatchSize, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A failed round (database busy, restarting) is retried at the next tick.
                Log.CleanupFailed(logger, exception);
            }
        }
    }
}
