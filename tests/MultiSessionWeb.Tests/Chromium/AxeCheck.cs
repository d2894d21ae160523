using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>One page through axe: serious or critical findings fail the test, the rest are written out, and a screenshot is kept.</summary>
internal static class AxeCheck
{
    public static readonly string ScreenshotFolder = Path.Combine(Infrastructure.SourceTree.Root, "artifacts", "screenshots");

    public static async Task AssertNoSeriousFindingsAsync(IPage page, string? path, string name, int width, ITestOutputHelper output)
    {
        if (path is not null)
        {
            await page.GotoAsync(path);
        }

        var result = await page.RunAxe();
        var serious = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        foreach (var minor in result.Violations.Where(v => v.Impact is not ("serious" or "critical")))
        {
            output.WriteLine($"{name} @ {width}px: {minor.Id} ({minor.Impact}) {minor.Help}");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });
        Assert.True(serious.Count == 0, $"{name} at {width}px:\n{string.Join("\n", serious)}");
    }
}
