namespace MultiSessionWeb.Sessions;

/// <summary>The browser a session is signed in on, as its request showed it.</summary>
public sealed record SessionDevice(string? UserAgent, string? IpAddress);
