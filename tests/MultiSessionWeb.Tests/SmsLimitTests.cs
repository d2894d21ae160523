using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>No SMS pumping: texts per account and per number are capped a day, and destinations can be limited to some countries.</summary>
public sealed class SmsLimitTests
{
    [Fact]
    public async Task OneAccountTextsOnlySoManyNumbersADay()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sms:MaxPerAccountPerDay"] = "3" } };
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var numbers = Enumerable.Range(0, 4).Select(_ => NewNumber("+4915")).ToList();
        var answers = new List<Page>();
        foreach (var number in numbers)
        {
            answers.Add(await AskToVerifyAsync(browser, number));
        }

        Assert.All(answers.Take(3), a => Assert.Equal("Verify your phone number", a.Document.QuerySelector("h1")!.TextContent));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].Status);
        Assert.True(int.Parse(answers[3].Response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) > 0);
        Assert.Contains("This account has been sent 3 texts today, the most a day allows.", answers[3].Text, StringComparison.Ordinal);
        Assert.Equal(0, await TextsToAsync(app, numbers[3]));

        app.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal("Verify your phone number", (await AskToVerifyAsync(browser, numbers[3])).Document.QuerySelector("h1")!.TextContent);
        Assert.Equal(1, await TextsToAsync(app, numbers[3]));
    }

    [Fact]
    public async Task OneNumberIsTextedOnlySoManyTimesADayWhoeverAsks()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sms:MaxPerNumberPerDay"] = "2" } };
        var number = NewNumber("+4915");
        var answers = new List<Page>();
        for (var i = 0; i < 3; i++)
        {
            // A new account each time: pumping one number through many fresh accounts.
            using var browser = app.NewBrowser();
            await browser.SignInAsync(await app.CreateUserAsync());
            answers.Add(await AskToVerifyAsync(browser, number));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[2].Status);
        Assert.Contains("Too many texts were sent to this number today.", answers[2].Text, StringComparison.Ordinal);
        Assert.Equal(2, await TextsToAsync(app, number));

        // Sign-in codes to the number count too, for a number with or without an account alike.
        using var stranger = app.NewBrowser();
        var signIn = await stranger.AskForSmsCodeAsync(number);
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.Status);
        Assert.Contains("Too many texts were sent to this number today.", signIn.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextsGoOnlyToTheAllowedCountryCodes()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sms:AllowedCountryCodes:0"] = "+44", ["Sms:AllowedCountryCodes:1"] = "+1" } };
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        var german = NewNumber("+4915");
        var british = NewNumber("+447700");

        var refused = await AskToVerifyAsync(browser, german);
        Assert.Contains("We can only send texts to numbers that start with +44 or +1.", refused.Text, StringComparison.Ordinal);
        Assert.Equal(0, await TextsToAsync(app, german));
        using var stranger = app.NewBrowser();
        Assert.Contains("We can only send texts to numbers that start with +44 or +1.", (await stranger.AskForSmsCodeAsync(german)).Text, StringComparison.Ordinal);

        Assert.Equal("Verify your phone number", (await AskToVerifyAsync(browser, british)).Document.QuerySelector("h1")!.TextContent);
        Assert.Equal(1, await TextsToAsync(app, british));
    }

    [Theory]
    [InlineData("Sms:AllowedCountryCodes:0", "44")]
    [InlineData("Sms:AllowedCountryCodes:0", "+44x")]
    [InlineData("Sms:MaxPerAccountPerDay", "0")]
    public async Task AWrongSmsLimitStopsTheAppAtStartUp(string setting, string value)
    {
        using var app = new AppFactory { ExtraSettings = { [setting] = value } };

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative)));

        Assert.Contains(setting.Split(':')[1], failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<Page> AskToVerifyAsync(Browser browser, string number)
    {
        var page = await browser.GetAsync("/account/phone");
        return await browser.SubmitAndFollowAsync(page, page.Form("/account/phone"), new Dictionary<string, string> { ["Phone"] = number });
    }

    private static Task<int> TextsToAsync(AppFactory app, string number) =>
        app.QueryAsync(db => db.DevMessages.CountAsync(m => m.To == number && m.Channel == "sms"));

    private static string NewNumber(string prefix) => prefix + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
}
