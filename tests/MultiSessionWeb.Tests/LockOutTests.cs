using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>
/// A stranger cannot lock the owner out: the browser the owner signed in on before keeps its own
/// budget, codes belong to the browser that asked, and code requests count per requester. The
/// stranger, and a browser the owner never used, still meet every limit.
/// </summary>
public sealed class LockOutTests
{
    private const string PausedText = "Password sign-in is paused for 15 minutes";

    [Fact]
    public async Task AfterTheLockOutSequenceFromElsewhereTheOwnersOwnBrowserStillSignsInWithThePasswordAndWithACode()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var owner = app.NewBrowser();
        Assert.Equal(ann.Email, (await owner.SignInAsync(ann)).ActingEmail);
        // Signing out does not make the browser a stranger: it signed in here before.
        await owner.SignOutOfAllAsync();

        using var attacker = app.NewBrowser();
        await LockOutAsync(app, attacker, ann);

        // The attacker stays paused, even with the right password, and gets no more codes.
        var refused = await attacker.SignInAsync(ann);
        Assert.Null(refused.ActingEmail);
        Assert.Contains(PausedText, ErrorOf(refused), StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Contains("Too many codes were asked for", (await attacker.AskForEmailCodeAsync(ann.Email)).Text, StringComparison.Ordinal);

        // A browser the owner never used is paused like any other, so the pause still stops guessing.
        using var fresh = app.NewBrowser();
        var paused = await fresh.SignInAsync(ann);
        Assert.Null(paused.ActingEmail);
        Assert.Contains(PausedText, ErrorOf(paused), StringComparison.Ordinal);

        // The owner's own browser signs in with the password…
        Assert.Equal(ann.Email, (await owner.SignInAsync(ann)).ActingEmail);
        await owner.SignOutOfAllAsync();

        // …and with a code: the attacker's requests did not use up the owner's, nor its wrong guesses the owner's code.
        var check = await owner.AskForEmailCodeAsync(ann.Email);
        Assert.Equal("Check your email", check.Document.QuerySelector("h1")!.TextContent);
        Assert.Equal(ann.Email, (await owner.EnterCodeAsync(check, await app.LatestCodeForAsync(ann.Email))).ActingEmail);
    }

    [Fact]
    public async Task WrongGuessesFromAnotherBrowserDoNotUseUpTheCodeThisBrowserAskedFor()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var owner = app.NewBrowser();
        var check = await owner.AskForEmailCodeAsync(ann.Email);
        var code = await app.LatestCodeForAsync(ann.Email);

        // The attacker posts to the same form, for ann's address, from its own browser: every guess
        // fails, even the right code, and none counts against the code the owner holds.
        using var attacker = app.NewBrowser();
        var form = await attacker.AskForEmailCodeAsync($"attacker.{Guid.NewGuid():N}@example.test");
        foreach (var guess in new[] { Wrong(code), Wrong(Wrong(code)), code, Wrong(code), Wrong(code), Wrong(code) })
        {
            var answer = await attacker.SubmitAndFollowAsync(form, form.Form("/verify"), new Dictionary<string, string> { ["Email"] = ann.Email, ["Code"] = guess });
            Assert.Null(answer.ActingEmail);
            Assert.Equal("That code isn't right. Check it and try again.", answer.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        }

        // A code the attacker asks for does not replace the owner's either.
        await attacker.AskForEmailCodeAsync(ann.Email);

        Assert.Equal(ann.Email, (await owner.EnterCodeAsync(check, code)).ActingEmail);
    }

    [Fact]
    public async Task StrangersTogetherMeetTheCapOfTheAddressButTheBrowserThatSignedInBeforeStillGetsACode()
    {
        using var app = new AppFactory
        {
            ExtraSettings = { ["Codes:MaxSendsPerRequesterPerHour"] = "2", ["Codes:MaxSendsPerDestinationPerHour"] = "4" },
        };
        var ann = await app.CreateUserAsync();
        using var owner = app.NewBrowser();
        await owner.SignInAsync(ann);
        await owner.SignOutOfAllAsync();

        using var first = app.NewBrowser();
        using var second = app.NewBrowser();
        foreach (var stranger in new[] { first, second })
        {
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal("Check your email", (await stranger.AskForEmailCodeAsync(ann.Email)).Document.QuerySelector("h1")!.TextContent);
                app.Time.Advance(TimeSpan.FromSeconds(31));
            }
        }

        // Each stranger has had its share, and together they have had the address's.
        Assert.Contains("Too many codes were asked for", (await first.AskForEmailCodeAsync(ann.Email)).Text, StringComparison.Ordinal);
        using var third = app.NewBrowser();
        Assert.Contains("Too many codes were asked for", (await third.AskForEmailCodeAsync(ann.Email)).Text, StringComparison.Ordinal);
        Assert.Equal(4, await app.QueryAsync(db => db.DevMessages.CountAsync(m => m.To == ann.Email)));

        var check = await owner.AskForEmailCodeAsync(ann.Email);
        Assert.Equal(ann.Email, (await owner.EnterCodeAsync(check, await app.LatestCodeForAsync(ann.Email))).ActingEmail);
    }

    [Fact]
    public async Task ARealAndAnUnknownAddressGetTheSameAnswersToTheSameWrongPasswords()
    {
        using var app = new AppFactory();
        var real = await app.CreateUserAsync();
        var unknown = $"nobody.{Guid.NewGuid():N}@example.test";
        using var first = app.NewBrowser();
        using var second = app.NewBrowser();

        var answers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var toReal = await first.SignInAsync(real with { Password = $"guess {i}" });
            var toUnknown = await second.SignInAsync(real with { Email = unknown, Password = $"guess {i}" });

            Assert.Equal(toReal.Status, toUnknown.Status);
            Assert.Equal(toReal.MainTextWithout(real.Email), toUnknown.MainTextWithout(unknown));
            answers.Add(ErrorOf(toUnknown));
        }

        // Both were paused after the tenth.
        Assert.All(answers.Take(10), a => Assert.Equal("Email or password is incorrect.", a));
        Assert.All(answers.Skip(10), a => Assert.Contains(PausedText, a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheBrowserThatSignedInBeforeIsStillPausedByItsOwnWrongPasswords()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var owner = app.NewBrowser();
        await owner.SignInAsync(ann);
        await owner.SignOutOfAllAsync();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("Email or password is incorrect.", ErrorOf(await owner.SignInAsync(ann with { Password = $"guess {i}" })));
        }

        Assert.Contains(PausedText, ErrorOf(await owner.SignInAsync(ann)), StringComparison.Ordinal);
        // Its failures were its own: a browser elsewhere is not paused by them.
        using var elsewhere = app.NewBrowser();
        Assert.Equal(ann.Email, (await elsewhere.SignInAsync(ann)).ActingEmail);
    }

    /// <summary>The sequence that locked the owner out: 10 wrong passwords, 5 code requests, 5 wrong guesses at the newest code.</summary>
    private static async Task LockOutAsync(AppFactory app, Browser attacker, TestUser victim)
    {
        for (var i = 0; i < 10; i++)
        {
            await attacker.SignInAsync(victim with { Password = $"guess {i}" });
        }

        Page? check = null;
        for (var i = 0; i < 5; i++)
        {
            check = await attacker.AskForEmailCodeAsync(victim.Email);
            Assert.Equal(HttpStatusCode.OK, check.Status);
            app.Time.Advance(TimeSpan.FromSeconds(31));
        }

        var newest = await app.LatestCodeForAsync(victim.Email);
        for (var i = 0; i < 5; i++)
        {
            check = await attacker.EnterCodeAsync(check!, Wrong(newest));
        }

        Assert.Contains("entered wrongly too often", check!.Text, StringComparison.Ordinal);
    }

    private static string Wrong(string code) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private static string ErrorOf(Page page) => page.Document.QuerySelector(".form-error")?.TextContent.Trim() ?? "";
}
