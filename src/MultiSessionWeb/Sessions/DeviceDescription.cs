using System.Text.RegularExpressions;

namespace MultiSessionWeb.Sessions;

/// <summary>"Firefox 140 on Linux" from a User-Agent header: enough for a person to recognise their device.</summary>
public static partial class DeviceDescription
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown device";
        }

        return $"{Browser(userAgent)} on {OperatingSystem(userAgent)}";
    }

    public static string Browser(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);

        // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
        (string Name, Regex Version)[] browsers =
        [
            ("Edge", EdgeVersion()),
            ("Opera", OperaVersion()),
            ("Firefox", FirefoxVersion()),
            ("Chrome", ChromeVersion()),
            ("Safari", SafariVersion()),
        ];
        foreach (var (name, version) in browsers)
        {
            var match = version.Match(userAgent);
            if (match.Success)
            {
                return $"{name} {match.Groups[1].Value}";
            }
        }

        return "Unknown browser";
    }

    public static string OperatingSystem(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        return userAgent switch
        {
            _ when userAgent.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when userAgent.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when userAgent.Contains("iPhone", StringComparison.Ordinal) => "iOS",
            _ when userAgent.Contains("iPad", StringComparison.Ordinal) => "iPadOS",
            _ when userAgent.Contains("CrOS", StringComparison.Ordinal) => "ChromeOS",
            _ when userAgent.Contains("Mac OS X", StringComparison.Ordinal) => "macOS",
            _ when userAgent.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => "an unknown system",
        };
    }

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/(\d+)")]
    private static partial Regex EdgeVersion();

    [GeneratedRegex(@"(?:OPR|Opera)/(\d+)")]
    private static partial Regex OperaVersion();

    [GeneratedRegex(@"(?:Firefox|FxiOS)/(\d+)")]
    private static partial Regex FirefoxVersion();

    [GeneratedRegex(@"(?:Chrome|CriOS|HeadlessChrome)/(\d+)")]
    private static partial Regex ChromeVersion();

    [GeneratedRegex(@"Version/(\d+)[\d.]* .*Safari/")]
    private static partial Regex SafariVersion();
}
