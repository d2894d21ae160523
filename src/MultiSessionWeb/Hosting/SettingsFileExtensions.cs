using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.FileProviders;

namespace MultiSessionWeb.Hosting;

public static class SettingsFileExtensions
{
    /// <summary>
    /// Loads the repository-root <c>appsettings.json</c>, which the build copies next to the binaries,
    /// ahead of environment variables and the command line so that those still override it.
    /// </summary>
    public static ConfigurationManager AddAppSettingsFile(this ConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSource file = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = false,
        };

        var sources = configuration.Sources;
        var overrides = sources
            .Select((source, index) => (source, index))
            .FirstOrDefault(s => s.source is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        sources.Insert(overrides.source is null ? sources.Count : overrides.index, file);
        return configuration;
    }
}
