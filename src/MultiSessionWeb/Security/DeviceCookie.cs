using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Security;

/// <summary>
/// OWASP's "device cookie": a long-lived cookie, protected by Data Protection, that names this browser
/// (a random device id) and the accounts that signed in successfully on it. A browser that holds it
/// for an account has its own budget of attempts for that account, so failures from elsewhere do not
/// pause it; codes are bound to the device id of the browser that asked for them.
/// </summary>
/// <remarks>
/// A cookie of its own rather than the client cookie: it must outlive "Sign out of all accounts"
/// (which deletes the client cookie), and it is only ever written after a successful sign-in, so a
/// copy taken or planted before that sign-in does not carry it.
/// </remarks>
public sealed class DeviceCookie(IHttpContextAccessor accessor, IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "msw.device";
    public const string Purpose = "MultiSessionWeb.Security.DeviceCookie.v1";
    public const string DevicePrefix = "device_";

    /// <summary>Accounts one device cookie remembers; the oldest sign-in is forgotten first.</summary>
    public const int MaxAccounts = 20;

    /// <summary>How long the browser keeps the cookie; every sign-in renews it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private const byte Version = 1;

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);
    private State? _state;
    private bool _writeScheduled;

    /// <summary>This browser's device id, or null when it has none yet.</summary>
    public string? DeviceId => Read().DeviceId;

    /// <summary>This browser's device id, made (and sent with the response) now if it has none.</summary>
    public string EnsureDeviceId()
    {
        var state = Read();
        if (state.DeviceId is null)
        {
            _state = state with { DeviceId = OpaqueId.New(DevicePrefix) };
            ScheduleWrite();
        }

        return _state!.DeviceId!;
    }

    /// <summary>True when <paramref name="userId"/> signed in successfully on this browser before.</summary>
    public bool Knows(string? userId) => userId is not null && Read().UserIds.Contains(userId);

    /// <summary>Notes a successful sign-in of <paramref name="userId"/> on this browser.</summary>
    public void Remember(string userId)
    {
        EnsureDeviceId();
        var users = _state!.UserIds.Where(id => id != userId).Append(userId).TakeLast(MaxAccounts).ToList();
        _state = _state with { UserIds = users };
        ScheduleWrite();
    }

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("The device cookie needs a request.");

    private State Read()
    {
        if (_state is not null)
        {
            return _state;
        }

        var value = Http.Request.Cookies[HostPrefixedCookieManager.NameFor(Http, CookieName)];
        _state = value is null ? State.Empty : Unprotect(value);
        return _state;
    }

    /// <summary>A cookie that cannot be read (tampered, from another key ring) counts as none; the next write replaces it.</summary>
    private State Unprotect(string value)
    {
        try
        {
            var data = _protector.Unprotect(Base64Url.DecodeFromChars(value));
            if (data.Length < 2 + OpaqueId.ByteLength || data[0] != Version)
            {
                return State.Empty;
            }

            var count = data[1 + OpaqueId.ByteLength];
            var offset = 2 + OpaqueId.ByteLength;
            if (count > MaxAccounts || data.Length != offset + (count * OpaqueId.ByteLength))
            {
                return State.Empty;
            }

            var users = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                users.Add(OpaqueId.Format(OpaqueId.UserPrefix, data.AsSpan(offset + (i * OpaqueId.ByteLength), OpaqueId.ByteLength)));
            }

            return new State(OpaqueId.Format(DevicePrefix, data.AsSpan(1, OpaqueId.ByteLength)), users);
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return State.Empty;
        }
    }

    private void ScheduleWrite()
    {
        if (_writeScheduled)
        {
            return;
        }

        _writeScheduled = true;
        var http = Http;
        http.Response.OnStarting(() =>
        {
            http.Response.Cookies.Append(HostPrefixedCookieManager.NameFor(http, CookieName), Protect(_state!), new CookieOptions
            {
                HttpOnly = true,
                Secure = http.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                IsEssential = true,
                Expires = time.GetUtcNow() + Lifetime,
            });
            return Task.CompletedTask;
        });
    }

    private string Protect(State state)
    {
        var users = state.UserIds.Where(IsUserId).ToList();
        var data = new byte[2 + OpaqueId.ByteLength + (users.Count * OpaqueId.ByteLength)];
        data[0] = Version;
        OpaqueId.TryGetBytes(DevicePrefix, state.DeviceId, data.AsSpan(1, OpaqueId.ByteLength));
        data[1 + OpaqueId.ByteLength] = (byte)users.Count;
        for (var i = 0; i < users.Count; i++)
        {
            OpaqueId.TryGetBytes(OpaqueId.UserPrefix, users[i], data.AsSpan(2 + OpaqueId.ByteLength + (i * OpaqueId.ByteLength), OpaqueId.ByteLength));
        }

        return Base64Url.EncodeToString(_protector.Protect(data));
    }

    private static bool IsUserId(string id)
    {
        Span<byte> bytes = stackalloc byte[OpaqueId.ByteLength];
        return OpaqueId.TryGetBytes(OpaqueId.UserPrefix, id, bytes);
    }

    private sealed record State(string? DeviceId, IReadOnlyList<string> UserIds)
    {
        public static State Empty { get; } = new(null, []);
    }
}
