using Microsoft.Extensions.Options;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Security;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// Runs <see cref="SessionService.CleanUpAsync"/>, <see cref="CodeService.DeleteExpiredAsync"/> and
/// <see cref="SecurityActivity.DeleteOlderThanAsync"/> and <see cref="LimitLog.DeleteExpiredAsync"/> every <c>Sessions:CleanupInterval</c>, so no table
/// grows without bound.
/// </summary>
public sealed partial class SessionCleanupService(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<SessionLifetimeSettings> settings,
    ILogger<SessionCleanupService> logger) : BackgroundService
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
                await scope.ServiceProvider.GetRequiredService<SessionService>().CleanUpAsync(BatchSize, stoppingToken);
                await scope.ServiceProvider.GetRequiredService<CodeService>().DeleteExpiredAsync(BatchSize, stoppingToken);
                await scope.ServiceProvider.GetRequiredService<SecurityActivity>()
                    .DeleteOlderThanAsync(settings.Value.RetainSecurityEventsFor, BatchSize, stoppingToken);
                await scope.ServiceProvider.GetRequiredService<LimitLog>().DeleteExpiredAsync(BatchSize, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A failed round (database busy, restarting) is retried at the next tick.
                CleanupFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Session cleanup failed; it runs again at the next interval.")]
    private static partial void CleanupFailed(ILogger logger, Exception exception);
}
