using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Security;

/// <summary>The record of what happened to an account: who signed in where, what failed, what was ended or changed.</summary>
public sealed class SecurityActivity(AppDbContext db, TimeProvider time)
{
    public const int PageSize = 20;

    /// <summary>Stores one event; the request gives the browser and address it came from.</summary>
    public Task RecordAsync(string userId, string type, HttpContext? request, string? detail = null, string? sessionId = null) =>
        RecordAsync([(userId, sessionId)], type, request, detail);

    /// <summary>Stores the same event for several sessions at once, e.g. every session a password change ended.</summary>
    public async Task RecordAsync(IEnumerable<(string UserId, string? SessionId)> subjects, string type, HttpContext? request, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var now = time.GetUtcNow().UtcDateTime;
        var userAgent = request?.Request.Headers.UserAgent.ToString();
        foreach (var (userId, sessionId) in subjects)
        {
            db.SecurityEvents.Add(new SecurityEvent
            {
                UserId = userId,
                Type = type,
                Detail = detail,
                SessionId = sessionId,
                UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, Limits.UserAgentLength)],
                IpAddress = request?.Connection.RemoteIpAddress?.ToString(),
                OccurredAt = now,
            });
        }

        await db.SaveChangesAsync(request?.RequestAborted ?? CancellationToken.None);
    }

    /// <summary>Deletes events older than <paramref name="age"/>, oldest first, in batches; returns how many went.</summary>
    public async Task<int> DeleteOlderThanAsync(TimeSpan age, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - age;
        var deleted = 0;
        while (true)
        {
            var batch = await db.SecurityEvents
                .Where(e => e.OccurredAt < cutoff)
                .OrderBy(e => e.OccurredAt)
                .Select(e => e.Id)
                .Take(batchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }

            deleted += await db.SecurityEvents.Where(e => batch.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>One page of a user's events, newest first.</summary>
    public async Task<SecurityActivityPage> PageAsync(string userId, int page, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        var events = await db.SecurityEvents
            .AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize + 1)
            .ToListAsync(cancellationToken);
        return new SecurityActivityPage(page, events.Take(PageSize).ToList(), HasNext: events.Count > PageSize);
    }
}

public sealed record SecurityActivityPage(int Page, IReadOnlyList<SecurityEvent> Events, bool HasNext);
