using System.Text.RegularExpressions;

namespace MultiSessionWeb.Tests;

public sealed partial class ArchitectureTests
{
    /// <summary>
    /// App URLs come from AppUrls, which knows whether a page is the browser's or this tab's account's
    /// and where the scheme's options put sign-in, the chooser and the task. A path typed into a view,
    /// a controller or a middleware silently takes one side, and ignores the options.
    /// </summary>
    [Fact]
    public void NoViewOrControllerTypesAnAppPath()
    {
        var app = Path.Combine(UrlRepositoryRoot(), "src", "MultiSessionWeb");
        var files = Directory.EnumerateFiles(Path.Combine(app, "Views"), "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(app, "*Controller.cs", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(app, "*Middleware.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var typed = (
            from file in files
            from line in File.ReadLines(file).Select((text, index) => (Text: text, Number: index + 1))
            where UrlTypedPath().IsMatch(UrlAllowed().Replace(line.Text, ""))
            select $"{Path.GetRelativePath(app, file)}:{line.Number}: {line.Text.Trim()}").ToList();

        Assert.True(typed.Count == 0, "App paths typed by hand (build them with AppUrls):\n" + string.Join("\n", typed));
    }

    private static string UrlRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MultiSessionWeb.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (MultiSessionWeb.sln) is not above the test's folder.");
    }

    // Static files keep their plain root-relative links, and a view's own file path is not a URL.
    [GeneratedRegex("""@root/(favicon\.svg|css/|js/)|"~/Views/""")]
    private static partial Regex UrlAllowed();

    [GeneratedRegex("""
        "~/|@root/|GetRootPathBase\(\)/|(href|action|src|formaction|value)="/|LocalRedirect\(\$?"|Redirect\(\$?"/|MultiSessionDefaults\.\w*Path\b|ToString\(\)\[1\.\.\]
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex UrlTypedPath();
}
