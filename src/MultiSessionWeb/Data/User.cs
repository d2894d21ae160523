namespace MultiSessionWeb.Data;

/// <summary>A person's account.</summary>
public sealed class User
{
    public required string Id { get; init; }

    /// <summary>The email as the person typed it, for display.</summary>
    public required string Email { get; set; }

    /// <summary>The email as compared: trimmed and upper-cased, unique.</summary>
    public required string NormalizedEmail { get; set; }

    public required string Name { get; set; }

    public string? Phone { get; set; }

    public required string PasswordHash { get; set; }

    public required DateTime CreatedAt { get; init; }
}
