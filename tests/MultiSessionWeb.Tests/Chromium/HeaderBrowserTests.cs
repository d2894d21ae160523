using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MultiSessionWeb.Tests.Chromium;

/// <summary>The header stays one line, about 64 px tall, from a 320 px phone up, whatever it offers.</summary>
[Collection(SharedChromium.Name)]
public sealed class HeaderBrowserTests(ChromiumFixture chromium)
{
    private const double OneLine = 64.5;

    [Theory]
    [InlineData(320)]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task TheHeaderIsOneLineSignedOutWithOneAccountAndWithNoActiveAccount(int width)
    {
        var ann = await chromium.App.CreateUserAsync("Ann Headerline");
        await using var browser = await chromium.NewBrowserAsync(width, 740);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Sign up" })).ToBeVisibleAsync();
        await ExpectOneLineAsync(page, "signed out", width);

        await page.SignInAsync(ann);
        await ExpectOneLineAsync(page, "one account", width);

        // Ended from elsewhere: the browser remembers Ann ("Signed out — sign in again") and acts as no one.
        var client = await page.Context.APIRequest.GetAsync("/api/client");
        var sessionId = System.Text.Json.JsonDocument.Parse(await client.TextAsync()).RootElement.GetProperty("sessions")[0].GetProperty("id").GetString()!;
        await chromium.App.RevokeAsync(sessionId);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Choose an account" })).ToBeVisibleAsync();
        await ExpectOneLineAsync(page, "no active account", width);
    }

    private static async Task ExpectOneLineAsync(IPage page, string state, int width)
    {
        var header = await page.Locator(".site-header").BoundingBoxAsync();
        Assert.NotNull(header);
        Assert.True(header.Height <= OneLine, $"The header is {header.Height} px tall {state} at {width} px.");
        // Each control is one line of text: a label that wraps makes its button taller than 48 px.
        foreach (var control in await page.Locator(".site-header a, .site-header summary").AllAsync())
        {
            var box = await control.BoundingBoxAsync();
            Assert.True(box is null || box.Height <= 48, $"\"{await control.InnerTextAsync()}\" is {box?.Height} px tall {state} at {width} px.");
        }

        var overflow = await page.EvaluateAsync<int>("() => { const e = document.querySelector('.site-header__inner'); return e.scrollWidth - e.clientWidth; }");
        Assert.True(overflow <= 0, $"The header's content is {overflow} px wider than the header {state} at {width} px.");
    }
}
