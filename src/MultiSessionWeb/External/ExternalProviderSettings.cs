using System.Text.RegularExpressions;

namespace MultiSessionWeb.External;

public enum ExternalProviderType
{
    OpenIdConnect,
    Google,
    GitHub,
}

/// <summary>One entry of <c>Authentication:Providers:{name}</c>.</summary>
public sealed class ExternalProviderSettings
{
    public const string Section = "Authentication:Providers";

    /// <summary>Unset: <c>google</c> and <c>github</c> by name, any other name is OpenID Connect.</summary>
    public ExternalProviderType? Type { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>OpenID Connect: the issuer, whose <c>/.well-known/openid-configuration</c> is read.</summary>
    public string? Authority { get; set; }

    /// <summary>Asked for besides <c>openid profile email</c> (OpenID Connect) or the provider's defaults.</summary>
    public IList<string> Scopes { get; } = [];

    public string? DisplayName { get; set; }

    /// <summary>The <c>prompt</c> sent when a signed-in browser adds an account; see <see cref="ExternalPrompt"/>.</summary>
    public AddAccountPrompt AddAccountPrompt { get; set; } = AddAccountPrompt.Auto;

    /// <summary>Off only for a provider on plain HTTP during development and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>A configured provider as the pages see it.</summary>
public sealed record ExternalProvider(string Name, string DisplayName, ExternalProviderType Type, AddAccountPrompt AddAccountPrompt = AddAccountPrompt.Auto)
{
    /// <summary>Where the provider sends the browser back; register it at the provider.</summary>
    public string CallbackPath => $"/signin-{Name}";
}

/// <summary>The providers configured at start-up, in settings order.</summary>
public sealed partial class ExternalProviders(IReadOnlyList<ExternalProvider> all)
{
    public IReadOnlyList<ExternalProvider> All { get; } = all;

    public ExternalProvider? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Names become URL segments, scheme names and stored values.</summary>
    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex ValidName();
}
