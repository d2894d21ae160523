using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Sessions;

/// <summary>
/// The one way a change to browsers' session records is made known: this instance drops their
/// <see cref="ClientSessionCache"/> entries once the change committed, and with PostgreSQL every
/// instance's <see cref="ClientChangeListener"/> hears of it through <c>NOTIFY</c>. The notification is
/// sent in the change's own transaction, so PostgreSQL delivers it only after the commit (a listener
/// that reads again cannot see the old rows) and never for a change that rolled back.
/// </summary>
public sealed class ClientChanges(AppDbContext db, ClientSessionCache cache)
{
    /// <summary>The PostgreSQL channel; each payload is one client id, or <see cref="Everyone"/>.</summary>
    public const string Channel = "msw_client_changes";

    /// <summary>The payload for a change to many browsers at once (the cleanup deleted records).</summary>
    public const string Everyone = "*";

    /// <summary>Runs <paramref name="change"/> and makes it known for <paramref name="clientIds"/>.</summary>
    public async Task<T> CommitAsync<T>(IReadOnlyCollection<string> clientIds, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientIds);
        ArgumentNullException.ThrowIfNull(change);
        if (!db.Database.IsNpgsql())
        {
            var done = await change();
            Dropped(clientIds);
            return done;
        }

        // Dropping the entries inside someone else's transaction would let a read of the old rows be
        // kept before that transaction commits; such callers use AnnounceAsync and Dropped themselves.
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("ClientChanges.CommitAsync runs its own transaction; inside another, use AnnounceAsync before the commit and Dropped after it.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await change();
        await AnnounceAsync(clientIds, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Dropped(clientIds);
        return result;
    }

    /// <inheritdoc cref="CommitAsync{T}(IReadOnlyCollection{string}, Func{Task{T}}, CancellationToken)"/>
    public Task CommitAsync(IReadOnlyCollection<string> clientIds, Func<Task> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return CommitAsync(clientIds, async () =>
        {
            await change();
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// As <see cref="CommitAsync{T}(IReadOnlyCollection{string}, Func{Task{T}}, CancellationToken)"/> for
    /// an update that may find nothing to change: then nothing is announced and no entry is dropped.
    /// </summary>
    public async Task CommitIfChangedAsync(IReadOnlyCollection<string> clientIds, Func<Task<int>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!db.Database.IsNpgsql())
        {
            if (await change() > 0)
            {
                Dropped(clientIds);
            }

            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await change() > 0;
        if (changed)
        {
            await AnnounceAsync(clientIds, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (changed)
        {
            Dropped(clientIds);
        }
    }

    /// <summary>Inside the caller's transaction, before its commit: tells the other instances (PostgreSQL only).</summary>
    public async Task AnnounceAsync(IReadOnlyCollection<string> clientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientIds);
        if (clientIds.Count == 0 || !db.Database.IsNpgsql())
        {
            return;
        }

        var ids = clientIds.Distinct(StringComparer.Ordinal).ToArray();
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, id) FROM unnest({ids}) AS id", cancellationToken);
    }

    /// <summary>After the commit: this instance's entries go at once, without waiting for its own notification.</summary>
    public void Dropped(IReadOnlyCollection<string> clientIds)
    {
        ArgumentNullException.ThrowIfNull(clientIds);
        foreach (var clientId in clientIds)
        {
            if (clientId == Everyone)
            {
                cache.Clear();
            }
            else
            {
                cache.Invalidate(clientId);
            }
        }
    }
}
