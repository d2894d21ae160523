namespace MultiSessionWeb.Maintenance;

/// <summary>What one retention run did to the session records.</summary>
public sealed record CleanupResult(int Expired, int Deleted, int ClientsDeleted);
