using System.Net;

namespace MultiSessionWeb.Sessions;

/// <summary>Where a sign-in came from, in words: a raw <c>::1</c> tells a person nothing.</summary>
public static class DevicePlace
{
    public static string Describe(string? ipAddress) =>
        ipAddress is null ? "Unknown place"
        : IPAddress.TryParse(ipAddress, out var address) && IPAddress.IsLoopback(address) ? "This computer"
        : $"Address {ipAddress}";
}
