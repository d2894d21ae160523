using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Data;
using MultiSessionWeb.Security;

namespace MultiSessionWeb.Codes;

/// <summary>
/// One-time codes: 6 digits from a CSPRNG, stored as a salted SHA-256, valid for a while, used once,
/// dead after a few wrong tries, and sent no more often than the limits allow. A code belongs to the
/// browser that asked for it (<see cref="DeviceCookie"/>): only that browser can enter it, and the
/// send limits count per requester, so nobody else can burn or crowd out the owner's code.
/// </summary>
public sealed class CodeService(AppDbContext db, TimeProvider time, IOptions<CodeSettings> settings, DeviceCookie device)
{
    public TimeSpan Lifetime => settings.Value.Lifetime;

    /// <summary>
    /// Makes a code for <paramref name="identifier"/>. <paramref name="userId"/> is null for an
    /// identifier with no account: the code is stored (so limits and answers are the same) but can
    /// never be used.
    /// </summary>
    public async Task<CodeIssue> IssueAsync(string purpose, string identifier, string? userId, string? ipAddress, CancellationToken cancellationToken)
    {
        var limits = settings.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var requester = device.EnsureDeviceId();
        var sentLastHour = await db.OneTimeCodes
            .Where(c => c.Identifier == identifier && c.Purpose == purpose && c.CreatedAt > now - TimeSpan.FromHours(1))
            .Select(c => new { c.CreatedAt, c.Requester, c.IpAddress })
            .ToListAsync(cancellationToken);
        var mine = sentLastHour.Where(c => c.Requester == requester).Select(c => c.CreatedAt).ToList();
        if (mine.Count > 0 && now - mine.Max() < limits.ResendCooldown)
        {
            return new CodeIssue.TooSoon(limits.ResendCooldown - (now - mine.Max()));
        }

        // The requester is this browser when it signed in to the account before; otherwise its network
        // address too, since a guesser can drop its cookies. Only strangers share the destination's cap.
        var trusted = device.Knows(userId);
        var fromRequester = trusted ? mine.Count : sentLastHour.Count(c => c.Requester == requester || (ipAddress is not null && c.IpAddress == ipAddress));
        if (fromRequester >= limits.MaxSendsPerRequesterPerHour || (!trusted && sentLastHour.Count >= limits.MaxSendsPerDestinationPerHour))
        {
            return new CodeIssue.TooMany();
        }

        if (ipAddress is not null
            && await db.OneTimeCodes.CountAsync(c => c.IpAddress == ipAddress && c.CreatedAt > now - TimeSpan.FromMinutes(15), cancellationToken)
                >= limits.MaxSendsPerAddressPer15Minutes)
        {
            return new CodeIssue.TooMany();
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        var row = new OneTimeCode
        {
            Purpose = purpose,
            Identifier = identifier,
            UserId = userId,
            Salt = salt,
            Hash = Hash(salt, code),
            CreatedAt = now,
            ExpireAt = now + limits.Lifetime,
            IpAddress = ipAddress,
            Requester = requester,
        };
        db.OneTimeCodes.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new CodeIssue.Issued(row.Id, code);
    }

    /// <summary>
    /// Deletes codes that expired over an hour ago, in batches: every request for a code writes a row
    /// (also for unknown identifiers), and the send limits look back one hour at most.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1);
        var deleted = 0;
        while (true)
        {
            var batch = await db.OneTimeCodes.Where(c => c.ExpireAt < cutoff).OrderBy(c => c.Id).Select(c => c.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }

            deleted += await db.OneTimeCodes.Where(c => batch.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Forgets a code that could not be sent, so that asking again is not held back by the cool-down.</summary>
    public Task DiscardAsync(long codeId, CancellationToken cancellationToken) =>
        db.OneTimeCodes.Where(c => c.Id == codeId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// Checks <paramref name="code"/> against the newest code this browser asked for <paramref name="identifier"/>
    /// and uses it up when right. Another browser's guesses find no code here: they fail and cost this one nothing.
    /// </summary>
    public async Task<CodeCheck> ConsumeAsync(string purpose, string identifier, string code, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var requester = device.DeviceId;
        var latest = await db.OneTimeCodes
            .AsNoTracking()
            .Where(c => c.Identifier == identifier && c.Purpose == purpose && c.Requester == requester && requester != null)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is null || latest.ConsumedAt is not null)
        {
            return CodeCheck.Wrong;
        }

        if (latest.ExpireAt <= now)
        {
            return CodeCheck.Expired;
        }

        // The attempt is counted before the code is compared, so guesses sent at the same moment cannot
        // all be compared against a count none of them has raised yet: at most MaxAttempts ever are.
        var max = settings.Value.MaxAttempts;
        var counted = await db.OneTimeCodes
            .Where(c => c.Id == latest.Id && c.ConsumedAt == null && c.FailedAttempts < max)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), cancellationToken);
        if (counted == 0)
        {
            return latest.FailedAttempts + 1 >= max ? CodeCheck.TooManyAttempts : CodeCheck.Wrong;
        }

        // Constant-time, and the same work for an identifier with no account as for one with.
        var right = CryptographicOperations.FixedTimeEquals(Hash(latest.Salt, code.Trim()), latest.Hash) && latest.UserId is not null;
        if (!right)
        {
            return latest.FailedAttempts + 1 >= max ? CodeCheck.TooManyAttempts : CodeCheck.Wrong;
        }

        // Single use even when the same code is posted twice at once: only one update finds it unused.
        // The attempt it counted was not a failure after all.
        var used = await db.OneTimeCodes
            .Where(c => c.Id == latest.Id && c.ConsumedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ConsumedAt, now).SetProperty(c => c.FailedAttempts, c => c.FailedAttempts - 1), cancellationToken);
        return used == 1 ? new CodeCheck(CodeCheckResult.Valid, latest.UserId) : CodeCheck.Wrong;
    }

    private static byte[] Hash(byte[] salt, string code) =>
        SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(code)]);
}

public abstract record CodeIssue
{
    public sealed record Issued(long Id, string Code) : CodeIssue;

    public sealed record TooSoon(TimeSpan Wait) : CodeIssue;

    public sealed record TooMany : CodeIssue;
}

public enum CodeCheckResult
{
    Valid,
    Wrong,
    Expired,
    TooManyAttempts,
}

public sealed record CodeCheck(CodeCheckResult Result, string? UserId)
{
    public static CodeCheck Wrong { get; } = new(CodeCheckResult.Wrong, null);

    public static CodeCheck Expired { get; } = new(CodeCheckResult.Expired, null);

    public static CodeCheck TooManyAttempts { get; } = new(CodeCheckResult.TooManyAttempts, null);

    /// <summary>What to tell the person when the code did not work.</summary>
    public string? Problem => Result switch
    {
        CodeCheckResult.Wrong => "That code isn't right. Check it and try again.",
        CodeCheckResult.Expired => "That code has expired. Ask for a new one.",
        CodeCheckResult.TooManyAttempts => "That code was entered wrongly too often. Ask for a new one.",
        _ => null,
    };
}
