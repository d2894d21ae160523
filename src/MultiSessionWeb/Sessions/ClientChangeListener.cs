using Npgsql;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// With PostgreSQL: listens on <see cref="ClientChanges.Channel"/> on a connection of its own and drops
/// the named browser's <see cref="ClientSessionCache"/> entry (or all of them) when another instance, or
/// this one, announces a committed change. While it is not listening, changes could go unheard, so the
/// cache keeps nothing and every request reads the database; it reconnects with a growing pause.
/// </summary>
public sealed class ClientChangeListener(
    IConfiguration configuration, ClientSessionCache cache, TimeProvider time, ILogger<ClientChangeListener> logger) : BackgroundService
{
    /// <summary>How the listening connection shows in <c>pg_stat_activity</c>, followed by the instance's process id.</summary>
    public const string ApplicationName = "msw-client-changes";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Default"))
        {
            ApplicationName = $"{ApplicationName} {Environment.ProcessId}",
            // A connection that dies without a word (a dropped network path) is noticed within seconds,
            // not when the operating system gives up on it.
            KeepAlive = 5,
            // The pool must not hand this connection, with its LISTEN, to anyone else, nor keep a dead one.
            Pooling = false,
        }.ConnectionString;
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => Heard(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ClientChanges.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // From here on every commit is heard; what was kept before may have missed some.
                cache.Resume();
                Log.Listening(logger, connection.ProcessID);
                retry = FirstRetry;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Whatever broke the connection, the answer is the same: stop caching and connect again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                cache.Suspend();
                Log.ListeningLost(logger, e, retry);
            }

            try
            {
                await Task.Delay(retry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }

        cache.Suspend();
    }

    private void Heard(string payload)
    {
        if (payload == ClientChanges.Everyone)
        {
            cache.Clear();
        }
        else
        {
            cache.Invalidate(payload);
        }
    }
}
