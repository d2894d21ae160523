namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>The repository this test run was built from, for the tests that read its files.</summary>
public static class SourceTree
{
    /// <summary>The folder that holds MultiSessionWeb.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The web project's folder.</summary>
    public static string App => Path.Combine(Root, "src", "MultiSessionWeb");

    /// <summary>The app's C# files, without generated migrations and build output.</summary>
    public static IEnumerable<string> AppCode() =>
        Directory.EnumerateFiles(App, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsUnder(file, Path.Combine("Data", "Migrations"), "obj", "bin"));

    /// <summary>A path relative to the web project, with forward slashes, for messages.</summary>
    public static string Relative(string file) => Path.GetRelativePath(App, file).Replace('\\', '/');

    private static bool IsUnder(string file, params string[] folders) =>
        folders.Any(folder => Relative(file).StartsWith(folder.Replace('\\', '/') + "/", StringComparison.Ordinal));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MultiSessionWeb.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException($"No MultiSessionWeb.sln above {AppContext.BaseDirectory}.");
    }
}
