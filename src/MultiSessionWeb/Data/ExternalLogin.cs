namespace MultiSessionWeb.Data;

/// <summary>An account at a sign-in provider (Google, GitHub, an OpenID Connect server) that signs a user in.</summary>
public sealed class ExternalLogin
{
    public long Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The provider's name in settings, e.g. <c>github</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>The provider's stable id of the account (<c>sub</c>); emails change, this does not.</summary>
    public required string Subject { get; init; }

    /// <summary>The email the provider gave at linking, for display only.</summary>
    public string? Email { get; set; }

    public required DateTime CreatedAt { get; init; }

    public DateTime? LastUsedAt { get; set; }
}
