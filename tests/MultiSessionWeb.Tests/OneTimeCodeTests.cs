using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Users;
using netDumbster.smtp;

namespace MultiSessionWeb.Tests;

/// <summary>
/// Codes over real SMTP (a server the test runs) and a real SMS webhook (a listener the test runs).
/// A test that moves the clock does so on an app of its own: the shared app's clock stays where it
/// started, so no test depends on which ran before it.
/// </summary>
public sealed class OneTimeCodeTests(OneTimeCodeTests.MessagingAppFactory app) : IClassFixture<OneTimeCodeTests.MessagingAppFactory>
{
    [Fact]
    public async Task CodesByEmailAndSmsAddASecondAndThirdAccountToOneBrowser()
    {
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        var catPhone = await app.GivePhoneAsync(cat);
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        var check = await browser.AskForEmailCodeAsync(bob.Email);
        Assert.Equal("Check your email", check.Document.QuerySelector("h1")!.TextContent);
        var mail = (await app.MailToAsync(bob.Email)).Single();
        Assert.Contains("sign in to MultiSessionWeb", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("valid for 10 minutes", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("If this wasn't you, ignore this message", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(CodeIn(mail.TextBody), mail.HtmlBody, StringComparison.Ordinal);
        var page = await browser.EnterCodeAsync(check, CodeIn(mail.TextBody));
        Assert.Equal(bob.Email, page.ActingEmail);

        check = await browser.AskForSmsCodeAsync(catPhone);
        var text = (await app.TextsToAsync(catPhone)).Single();
        Assert.Equal("Bearer gateway-token", text.Authorization);
        Assert.Contains("is your MultiSessionWeb code. It is valid for 10 minutes.", text.Body, StringComparison.Ordinal);
        page = await browser.EnterCodeAsync(check, CodeIn(text.Body));

        Assert.Equal(cat.Email, page.ActingEmail);
        Assert.Equal([ann.Email, bob.Email, cat.Email], (await browser.AccountsAsync()).Emails);
        var methods = await app.QueryAsync(db => db.Sessions.Where(s => s.UserId == bob.Id || s.UserId == cat.Id).OrderBy(s => s.Slot).Select(s => s.SignInMethod).ToListAsync());
        Assert.Equal(["email-code", "sms-code"], methods);
    }

    [Fact]
    public async Task SignUpIsFinishedWithTheCodeFromTheEmail()
    {
        using var browser = app.NewBrowser();
        var newcomer = new TestUser("Nia New", $"nia.{Guid.NewGuid():N}@example.test", "a good password");

        var check = await browser.StartSignUpAsync(newcomer);
        Assert.Null(check.ActingEmail);
        var mail = (await app.MailToAsync(newcomer.Email)).Single();
        Assert.Contains("verification code", mail.Subject, StringComparison.Ordinal);
        var page = await browser.EnterCodeAsync(check, CodeIn(mail.TextBody));

        Assert.Equal(newcomer.Email, page.ActingEmail);
        Assert.NotNull(await app.QueryAsync(db => db.Users.Where(u => u.Email == newcomer.Email).Select(u => u.EmailVerifiedAt).SingleAsync()));
    }

    [Fact]
    public async Task ASignUpThatWasNeverProvedIsNoAccount()
    {
        using var browser = app.NewBrowser();
        var newcomer = new TestUser("Una Unverified", $"una.{Guid.NewGuid():N}@example.test", "a good password");
        await browser.StartSignUpAsync(newcomer);

        var page = await browser.SignInAsync(newcomer);

        Assert.Equal("Email or password is incorrect.", page.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.Null(page.ActingEmail);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == newcomer.Email)));
    }

    [Fact]
    public async Task ACodeExpiresAfterTenMinutes()
    {
        using var own = new MessagingAppFactory();
        var bob = await own.CreateUserAsync();
        using var browser = own.NewBrowser();
        var check = await browser.AskForEmailCodeAsync(bob.Email);

        own.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var page = await browser.EnterCodeAsync(check, CodeIn((await own.MailToAsync(bob.Email)).Single().TextBody));

        Assert.Equal("That code has expired. Ask for a new one.", page.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Null(page.ActingEmail);
    }

    [Fact]
    public async Task ACodeWorksOnce()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var check = await browser.AskForEmailCodeAsync(bob.Email);
        var code = CodeIn((await app.MailToAsync(bob.Email)).Single().TextBody);
        Assert.Equal(bob.Email, (await browser.EnterCodeAsync(check, code)).ActingEmail);
        await browser.SignOutOfAsync(bob);

        var replay = await browser.EnterCodeAsync(check, code);

        Assert.Equal("That code isn't right. Check it and try again.", replay.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Equal([ann.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task FiveWrongTriesKillTheCode()
    {
        var bob = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var page = await browser.AskForEmailCodeAsync(bob.Email);
        var code = CodeIn((await app.MailToAsync(bob.Email)).Single().TextBody);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < 4; i++)
        {
            page = await browser.EnterCodeAsync(page, wrong);
            Assert.Equal("That code isn't right. Check it and try again.", page.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        }

        page = await browser.EnterCodeAsync(page, wrong);
        Assert.Equal("That code was entered wrongly too often. Ask for a new one.", page.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        page = await browser.EnterCodeAsync(page, code);
        Assert.Equal("That code was entered wrongly too often. Ask for a new one.", page.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.Null(page.ActingEmail);
    }

    [Fact]
    public async Task ANewCodeWaitsThirtySeconds()
    {
        using var own = new MessagingAppFactory();
        var bob = await own.CreateUserAsync();
        using var browser = own.NewBrowser();
        var page = await browser.AskForEmailCodeAsync(bob.Email);

        var resend = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/code"));
        Assert.Contains("A code was sent a moment ago. Wait 30 seconds before asking for another.", resend.Text, StringComparison.Ordinal);
        Assert.Single((await own.MailToAsync(bob.Email)));

        own.Time.Advance(TimeSpan.FromSeconds(31));
        page = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/code"));
        Assert.Equal(2, (await own.MailToAsync(bob.Email)).Count);
        // Only the newest code counts.
        var newest = CodeIn((await own.MailToAsync(bob.Email))[^1].TextBody);
        Assert.Equal(bob.Email, (await browser.EnterCodeAsync(page, newest)).ActingEmail);
    }

    [Fact]
    public async Task AnUnknownEmailGetsTheSameAnswerAndNothingIsSent()
    {
        var bob = await app.CreateUserAsync();
        var nobody = $"nobody.{Guid.NewGuid():N}@example.test";
        using var browser = app.NewBrowser();

        var known = await browser.AskForEmailCodeAsync(bob.Email);
        var unknown = await browser.AskForEmailCodeAsync(nobody);

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(
            known.Document.QuerySelector("main")!.TextContent.Replace(bob.Email, "", StringComparison.Ordinal),
            unknown.Document.QuerySelector("main")!.TextContent.Replace(nobody, "", StringComparison.Ordinal));
        Assert.Empty((await app.MailToAsync(nobody)));
        var page = await browser.EnterCodeAsync(unknown, "123456");
        Assert.Equal("That code isn't right. Check it and try again.", page.Document.QuerySelector("#Code-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task ACodeForOneAddressDoesNotWorkForAnother()
    {
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.AskForEmailCodeAsync(bob.Email);
        var bobsCode = CodeIn((await app.MailToAsync(bob.Email)).Single().TextBody);
        var annCheck = await browser.AskForEmailCodeAsync(ann.Email);

        var page = await browser.EnterCodeAsync(annCheck, bobsCode == CodeIn((await app.MailToAsync(ann.Email)).Single().TextBody) ? "999999" : bobsCode);

        Assert.Null(page.ActingEmail);
        Assert.Empty((await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task TooManyCodesFromOneAddressAreRefused()
    {
        using var browser = app.NewBrowser();
        for (var i = 0; i < 20; i++)
        {
            var page = await browser.AskForEmailCodeAsync($"spray.{i}.{Guid.NewGuid():N}@example.test");
            Assert.Equal("Check your email", page.Document.QuerySelector("h1")!.TextContent);
        }

        var refused = await browser.AskForEmailCodeAsync($"spray.last.{Guid.NewGuid():N}@example.test");

        Assert.Contains("Too many codes were asked for. Please try again later.", refused.Text, StringComparison.Ordinal);
        using var another = app.NewBrowser();
        Assert.Equal("Check your email", (await another.AskForEmailCodeAsync($"fine.{Guid.NewGuid():N}@example.test")).Document.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task APhoneNumberIsAddedOnTheProfileAfterItsCodeComesBack()
    {
        var dan = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(dan);
        var phone = $"+4915{Random.Shared.Next(10_000_000, 99_999_999)}";

        var page = await browser.GetAsync("/account/phone");
        page = await browser.SubmitAndFollowAsync(page, page.Form("/account/phone"), new Dictionary<string, string> { ["Phone"] = phone.Insert(3, " ") });
        Assert.Equal("Verify your phone number", page.Document.QuerySelector("h1")!.TextContent);
        page = await browser.EnterCodeAsync(page, CodeIn((await app.TextsToAsync(phone)).Single().Body));

        Assert.Contains($"Your phone number {phone} is verified.", page.Text, StringComparison.Ordinal);
        using var phoneOnly = app.NewBrowser();
        var check = await phoneOnly.AskForSmsCodeAsync(phone);
        Assert.Equal(dan.Email, (await phoneOnly.EnterCodeAsync(check, CodeIn((await app.TextsToAsync(phone))[^1].Body))).ActingEmail);
    }

    [Fact]
    public async Task TheDevelopmentMailboxExistsOnlyInDevelopment()
    {
        using var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetRawAsync("/dev/mailbox")).StatusCode);

        using var development = new AppFactory();
        using var devApp = development.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var bob = await development.CreateUserAsync();
        var client = devApp.CreateClient();
        var signIn = await Page.LoadAsync(await client.GetAsync("/sign-in/code?channel=email"));
        await client.PostAsync("/sign-in/code", Html.ContentOf(signIn.Form("/sign-in/code"), new Dictionary<string, string> { ["Email"] = bob.Email }));
        // Mail is sent by a background queue: look until it arrived.
        var mailbox = await client.GetStringAsync("/dev/mailbox");
        for (var attempt = 0; !mailbox.Contains($"Email to {bob.Email}", StringComparison.Ordinal) && attempt < 300; attempt++)
        {
            await Task.Delay(100);
            mailbox = await client.GetStringAsync("/dev/mailbox");
        }

        Assert.Contains($"Email to {bob.Email}", mailbox, StringComparison.Ordinal);
        Assert.Matches(@"\b[0-9]{6}\b is your MultiSessionWeb sign-in code", mailbox);
    }

    private static string CodeIn(string? text) => System.Text.RegularExpressions.Regex.Match(text ?? "", @"\b[0-9]{6}\b").Value;

    public sealed class MessagingAppFactory : AppFactory
    {
        private readonly SimpleSmtpServer _smtp = SimpleSmtpServer.Start();
        private readonly WebApplication _gateway;
        private readonly ConcurrentQueue<ReceivedText> _texts = new();

        public MessagingAppFactory()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _gateway = builder.Build();
            _gateway.MapPost("/sms", async (HttpRequest request) =>
            {
                using var json = await JsonDocument.ParseAsync(request.Body);
                _texts.Enqueue(new ReceivedText(
                    json.RootElement.GetProperty("to").GetString()!,
                    json.RootElement.GetProperty("body").GetString()!,
                    request.Headers.Authorization.ToString()));
                return Results.Accepted();
            });
            _gateway.StartAsync().GetAwaiter().GetResult();
            ExtraSettings["Email:Smtp:Host"] = "127.0.0.1";
            ExtraSettings["Email:Smtp:Port"] = _smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ExtraSettings["Email:Smtp:Security"] = "None";
            ExtraSettings["Email:From"] = "MultiSessionWeb <no-reply@example.test>";
            ExtraSettings["Sms:Webhook:Url"] = _gateway.Urls.First() + "/sms";
            ExtraSettings["Sms:Webhook:BearerToken"] = "gateway-token";
        }

        /// <summary>The mail the SMTP server received for <paramref name="address"/>, once the app's queue has sent everything.</summary>
        public async Task<IReadOnlyList<MimeMessage>> MailToAsync(string address)
        {
            await MessagesSentAsync();
            return [.. _smtp.ReceivedEmail
                .Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
                .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(m => m.Date)];
        }

        public async Task<IReadOnlyList<ReceivedText>> TextsToAsync(string phone)
        {
            await MessagesSentAsync();
            return [.. _texts.Where(t => t.To == phone)];
        }

        /// <summary>Gives the user a verified phone number, as the profile page would.</summary>
        public async Task<string> GivePhoneAsync(TestUser user)
        {
            var phone = $"+4916{Random.Shared.Next(10_000_000, 99_999_999)}";
            await using var scope = Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            Assert.True(await users.SetVerifiedPhoneAsync((await users.FindAsync(user.Id, CancellationToken.None))!, phone, CancellationToken.None));
            return phone;
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            _smtp.Dispose();
            _gateway.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public sealed record ReceivedText(string To, string Body, string Authorization);
}

public static class CodeScenarios
{
    public static async Task<Page> AskForEmailCodeAsync(this Browser browser, string email)
    {
        var page = await browser.GetAsync("/sign-in/code?channel=email");
        return await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/code"), new Dictionary<string, string> { ["Email"] = email });
    }

    public static async Task<Page> AskForSmsCodeAsync(this Browser browser, string phone)
    {
        var page = await browser.GetAsync("/sign-in/code?channel=sms");
        return await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/code"), new Dictionary<string, string> { ["Phone"] = phone });
    }
}
