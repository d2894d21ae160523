using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Bench;

/// <summary>Reading and writing the multi-ticket cookie: the binary layout alone, and with Data Protection as the app does it.</summary>
[BenchmarkCategory("cookie")]
public class CookieBenchmarks
{
    private ClientCookie cookie = null!;
    private byte[] serialized = null!;
    private string protectedValue = null!;
    private SecureDataFormat<ClientCookie> format = null!;

    [Params(1, 5, 10)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        cookie = Make(Accounts);
        serialized = ClientCookieSerializer.Default.Serialize(cookie);
        var protector = new EphemeralDataProtectionProvider().CreateProtector(MultiSessionDefaults.DataProtectionPurpose);
        format = new SecureDataFormat<ClientCookie>(ClientCookieSerializer.Default, protector);
        protectedValue = format.Protect(cookie);
    }

    [Benchmark]
    public byte[] Serialize() => ClientCookieSerializer.Default.Serialize(cookie);

    [Benchmark]
    public ClientCookie? Deserialize() => ClientCookieSerializer.Default.Deserialize(serialized);

    /// <summary>What a response that changes the cookie pays: serialize, encrypt, sign, base64url.</summary>
    [Benchmark]
    public string Write() => format.Protect(cookie);

    /// <summary>What every request that carries the cookie pays before it asks the database.</summary>
    [Benchmark]
    public ClientCookie? Read() => format.Unprotect(protectedValue);

    public static ClientCookie Make(int accounts)
    {
        var tickets = Enumerable.Range(0, accounts)
            .Select(slot => new SessionTicket(OpaqueId.New(OpaqueId.SessionPrefix), slot))
            .ToList();
        return new ClientCookie(OpaqueId.New(OpaqueId.ClientPrefix), ClientSecret.New(), tickets, tickets[^1].SessionId);
    }
}
