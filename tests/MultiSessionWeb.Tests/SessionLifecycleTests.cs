using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Security;
using MultiSessionWeb.Tests.Infrastructure;
using MultiSessionWeb.Tests.Infrastructure.Stories;

namespace MultiSessionWeb.Tests;

public sealed class SessionLifecycleTests
{
    [Fact]
    public async Task ASessionEndsAtItsMaximumLifetimeAndStaysListedAsSignedOut()
    {
        using var app = new AppFactory();
        await CoreFlowStories.ASessionEndsAtItsMaximumLifetimeAndStaysListedAsSignedOutAsync(app);
    }

    [Fact]
    public async Task AnInactiveSessionEndsAfterTheInactivityTimeoutAndActivityKeepsItAlive()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sessions:InactivityTimeout"] = "00:30:00" } };
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        for (var i = 0; i < 4; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(ann.Email, (await browser.GetAsync("/")).ActingEmail);
        }

        app.Time.Advance(TimeSpan.FromMinutes(31));

        Assert.Null((await browser.GetAsync("/")).ActingEmail);
        Assert.Equal([(ann.Email, "expired")], await browser.RememberedAsync());
    }

    [Fact]
    public async Task LastActiveIsWrittenAtMostOnceAMinute()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var sessionId = await browser.SessionIdOfAsync(ann);
        var signedInAt = (await app.GetSessionAsync(sessionId)).LastActiveAt;

        app.Time.Advance(TimeSpan.FromSeconds(50));
        await browser.GetAsync("/account");
        Assert.Equal(signedInAt, (await app.GetSessionAsync(sessionId)).LastActiveAt);

        app.Time.Advance(TimeSpan.FromSeconds(20));
        await browser.GetAsync("/account");
        Assert.Equal(signedInAt + TimeSpan.FromSeconds(70), (await app.GetSessionAsync(sessionId)).LastActiveAt);
    }

    [Fact]
    public async Task ChoosingARememberedAccountOpensSignInWithItsEmailAndSigningInAgainTakesItsPlace()
    {
        using var app = new AppFactory();
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        var oldSession = await browser.SessionIdOfAsync(ann);
        await app.RevokeAsync(oldSession);

        var signIn = await browser.GetAsync($"/sign-in?email={Uri.EscapeDataString(ann.Email)}");
        Assert.Equal(ann.Email, signIn.Document.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        await browser.SubmitAndFollowAsync(signIn, signIn.Form("/sign-in"), Scenarios.Credentials(ann));

        var client = await browser.GetClientAsync();
        Assert.Equal([(ann.Email, 0, "active"), (bob.Email, 1, "active")], client.Sessions.Select(s => (s.User.Email, s.Slot, s.Status)));
        Assert.NotEqual(oldSession, client.Sessions[0].Id);
        Assert.Equal(SessionStatus.Removed, (await app.GetSessionAsync(oldSession)).Status);
    }

    [Fact]
    public async Task RemoveForgetsARememberedAccount()
    {
        using var app = new AppFactory();
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await app.RevokeAsync(await browser.SessionIdOfAsync(ann));

        var chooser = await browser.GetAsync("/accounts");
        var page = await browser.SubmitAndFollowAsync(chooser, chooser.Form("/accounts/remove", ann.Email));

        Assert.Contains($"Removed {ann.Email} from this browser.", page.Text, StringComparison.Ordinal);
        Assert.Empty(await browser.RememberedAsync());
        Assert.Equal([bob.Email], (await browser.AccountsAsync()).Emails);
    }

    [Fact]
    public async Task RememberedAccountsDoNotCountAgainstTheCap()
    {
        using var app = new AppFactory { ExtraSettings = { ["MultiSession:MaxAccountsPerClient"] = "2" } };
        var (ann, bob, cat) = (await app.CreateUserAsync(), await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        await browser.SignInAsync(bob);
        await app.RevokeAsync(await browser.SessionIdOfAsync(ann));

        var page = await browser.SignInAsync(cat);

        Assert.Equal(cat.Email, page.ActingEmail);
        Assert.Equal(new[] { bob.Email, cat.Email }.Order(), (await browser.AccountsAsync()).Emails.Order());
        Assert.Equal([(ann.Email, "revoked")], await browser.RememberedAsync());
    }

    [Fact]
    public async Task AnEndedSessionNeverComesBackEvenWithAnOldCookie()
    {
        using var app = new AppFactory();
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var oldCookie = browser.ClientCookie!;
        await browser.SignOutFromMenuAsync();

        browser.SetClientCookie(oldCookie);

        var response = await browser.GetRawAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty((await browser.GetClientAsync()).Sessions);
    }

    [Fact]
    public async Task CleanupExpiresLapsedSessionsAndDeletesOldEndedRowsInBatches()
    {
        // The scheduled run stays out of the way; this test calls the cleanup itself.
        using var app = new AppFactory { ExtraSettings = { ["Sessions:CleanupInterval"] = "30.00:00:00" } };
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var live = await browser.SessionIdOfAsync(ann);
        var now = app.Time.GetUtcNow().UtcDateTime;
        await app.QueryAsync(async db =>
        {
            var client = await db.Sessions.Where(s => s.Id == live).Select(s => s.ClientId).SingleAsync();
            for (var i = 0; i < 2500; i++)
            {
                db.Sessions.Add(Ended(client, ann.Id, slot: 100 + i, endedAt: now - TimeSpan.FromDays(31)));
            }

            db.Sessions.Add(Ended(client, ann.Id, slot: 99, endedAt: now - TimeSpan.FromDays(20)));
            return await db.SaveChangesAsync();
        });
        app.Time.Advance(TimeSpan.FromDays(8));

        var result = await app.CleanUpAsync(batchSize: 1000);

        Assert.Equal(1, result.Expired);
        Assert.Equal(2500, result.Deleted);
        Assert.Equal(SessionStatus.Expired, (await app.GetSessionAsync(live)).Status);
        Assert.Equal(2, await app.QueryAsync(db => db.Sessions.CountAsync(s => s.UserId == ann.Id)));
    }

    [Fact]
    public async Task TheCleanupRunsByItselfEveryInterval()
    {
        using var app = new AppFactory
        {
            ExtraSettings = { ["Sessions:CleanupInterval"] = "01:00:00", ["Sessions:RetainSecurityEventsFor"] = "3.00:00:00" },
        };
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var session = await browser.SessionIdOfAsync(ann);
        await browser.AskForEmailCodeAsync(ann.Email);
        Assert.Equal(1, await app.QueryAsync(db => db.OneTimeCodes.CountAsync()));
        Assert.NotEqual(0, await app.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == ann.Id)));

        app.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));

        // The background service wakes on the advanced clock; give it a moment to write.
        var status = SessionStatus.Active;
        var codes = 1;
        var events = 1;
        for (var i = 0; i < 100 && (status == SessionStatus.Active || codes > 0 || events > 0); i++)
        {
            await Task.Delay(50);
            status = (await app.GetSessionAsync(session)).Status;
            codes = await app.QueryAsync(db => db.OneTimeCodes.CountAsync());
            events = await app.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == ann.Id));
        }

        Assert.Equal(SessionStatus.Expired, status);
        Assert.Equal(0, codes);
        Assert.Equal(0, events);
    }

    [Fact]
    public async Task SecurityActivityIsDeletedOnceItIsOlderThanTheRetentionAndNotBefore()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sessions:CleanupInterval"] = "30.00:00:00" } };
        var ann = await app.CreateUserAsync();
        using (var first = app.NewBrowser())
        {
            await first.SignInAsync(ann);
        }

        var old = await app.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == ann.Id));
        app.Time.Advance(TimeSpan.FromDays(11));
        using var second = app.NewBrowser();
        await second.SignInAsync(ann);
        var recent = await app.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == ann.Id)) - old;

        await using var scope = app.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<SecurityActivity>()
            .DeleteOlderThanAsync(TimeSpan.FromDays(10), batchSize: 1, CancellationToken.None);

        Assert.True(old > 0 && recent > 0);
        Assert.Equal(old, deleted);
        Assert.Equal(recent, await app.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == ann.Id)));
    }

    [Fact]
    public async Task CodesAreDeletedAnHourAfterTheyExpireAndNotBefore()
    {
        using var app = new AppFactory { ExtraSettings = { ["Sessions:CleanupInterval"] = "30.00:00:00" } };
        using var browser = app.NewBrowser();
        await browser.AskForEmailCodeAsync($"old.{Guid.NewGuid():N}@example.test");
        await browser.AskForEmailCodeAsync($"old.{Guid.NewGuid():N}@example.test");
        app.Time.Advance(TimeSpan.FromMinutes(71));
        await browser.AskForEmailCodeAsync($"new.{Guid.NewGuid():N}@example.test");

        await using var scope = app.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<Codes.CodeService>().DeleteExpiredAsync(batchSize: 1, CancellationToken.None);

        Assert.Equal(2, deleted);
        var left = Assert.Single(await app.QueryAsync(db => db.OneTimeCodes.Select(c => c.Identifier).ToListAsync()));
        Assert.StartsWith("NEW.", left, StringComparison.Ordinal); // identifiers are stored normalized
    }

    private static Session Ended(string clientId, string userId, int slot, DateTime endedAt) => new()
    {
        Id = OpaqueId.New(OpaqueId.SessionPrefix),
        ClientId = clientId,
        UserId = userId,
        Status = SessionStatus.Removed,
        Slot = slot,
        SignInMethod = "password",
        CreatedAt = endedAt - TimeSpan.FromHours(1),
        LastActiveAt = endedAt,
        ExpireAt = endedAt + TimeSpan.FromDays(6),
        VerifiedAt = endedAt - TimeSpan.FromHours(1),
        EndedAt = endedAt,
        EndReason = "signed-out",
    };
}
