using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>Whoever proves an address owns it: nothing set before the proof, by anyone, survives it.</summary>
public sealed class AddressProofTests(AddressProofTests.ClaimedAdminAppFactory app) : IClassFixture<AddressProofTests.ClaimedAdminAppFactory>
{
    [Fact]
    public async Task ASignUpThatIsNeverProvedLeavesNoAccountForTheOwnersCodeToInherit()
    {
        var victim = $"victim.{Guid.NewGuid():N}@example.test";
        using var attacker = app.NewBrowser();
        await attacker.StartSignUpAsync(new TestUser("Chosen By Attacker", victim, "attacker password"));

        // The owner asks for a sign-in code: there is no account, so nothing is sent and nothing can be inherited.
        using var owner = app.NewBrowser();
        var check = await owner.AskForEmailCodeAsync(victim);
        Assert.Equal("Check your email", check.Document.QuerySelector("h1")!.TextContent);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == victim)));
        Assert.Equal(1, await app.QueryAsync(db => db.DevMessages.CountAsync(m => m.To == victim)));

        var attempt = await app.NewBrowser().SignInAsync(new TestUser("", victim, "attacker password"));
        Assert.Equal("Email or password is incorrect.", attempt.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.Null(attempt.ActingEmail);
    }

    [Fact]
    public async Task TheOwnersEmailCodeOnAnAddressNobodyProvedResetsThePasswordNameAndLinksSetBeforeIt()
    {
        // The row an unproved sign-up used to leave behind: the attacker's name and password, never verified.
        var victim = $"victim.{Guid.NewGuid():N}@example.test";
        var planted = await PlantUnprovedAccountAsync(victim, "Chosen By Attacker", "attacker password");
        using var owner = app.NewBrowser();

        var check = await owner.AskForEmailCodeAsync(victim);
        var page = await owner.EnterCodeAsync(check, await app.LatestCodeForAsync(victim));

        Assert.Equal(victim, page.ActingEmail);
        var profile = await owner.GetAsync("/account");
        Assert.DoesNotContain("Chosen By Attacker", profile.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Chosen By Attacker", (await owner.GetClientAsync()).Sessions.Single().User.Name, StringComparison.Ordinal);
        Assert.False(await app.QueryAsync(db => db.ExternalLogins.AnyAsync(l => l.UserId == planted)));

        var attempt = await app.NewBrowser().SignInAsync(new TestUser("", victim, "attacker password"));
        Assert.Equal("Email or password is incorrect.", attempt.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.Null(attempt.ActingEmail);

        // With no password, the account page offers to set one, and setting it needs no "current password".
        Assert.Contains("Set a password", profile.Text, StringComparison.Ordinal);
        var password = await owner.GetAsync("/account/password");
        Assert.Null(password.Document.QuerySelector("input[name=CurrentPassword]"));
        await owner.SubmitAndFollowAsync(password, password.Form("/account/password"), new Dictionary<string, string> { ["NewPassword"] = "the owner's own password" });
        Assert.Equal(victim, (await app.NewBrowser().SignInAsync(new TestUser("", victim, "the owner's own password"))).ActingEmail);
    }

    [Fact]
    public async Task AnAdministratorAddressClaimedBeforeItsOwnerSignsUpGivesTheClaimantNothing()
    {
        using var owner = app.NewBrowser();
        var ownersCheck = await owner.StartSignUpAsync(new TestUser("Real Admin", ClaimedAdminAppFactory.AdminEmail, "the real admin password"));

        // After the owner's sign-up, and after the wait between codes, the attacker signs up with the same address.
        app.Time.Advance(TimeSpan.FromSeconds(31));
        using var attacker = app.NewBrowser();
        await attacker.StartSignUpAsync(new TestUser("Chosen By Attacker", ClaimedAdminAppFactory.AdminEmail, "attacker password"));

        // The owner's first code is no longer the newest, so the owner asks again on the same page and enters that one.
        app.Time.Advance(TimeSpan.FromSeconds(31));
        var again = await owner.SubmitAndFollowAsync(ownersCheck, ownersCheck.Form("/sign-up/resend"));
        Assert.Equal("We sent a new code.", again.Document.QuerySelector(".notice")!.TextContent.Trim());
        var signedIn = await owner.EnterCodeAsync(again, await app.LatestCodeForAsync(ClaimedAdminAppFactory.AdminEmail));
        Assert.Equal(ClaimedAdminAppFactory.AdminEmail, signedIn.ActingEmail);
        Assert.Equal("Real Admin", (await owner.GetClientAsync()).Sessions.Single().User.Name);

        var attempt = await attacker.SignInAsync(new TestUser("", ClaimedAdminAppFactory.AdminEmail, "attacker password"));
        Assert.Equal("Email or password is incorrect.", attempt.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.NotEqual(HttpStatusCode.OK, (await attacker.GetRawAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetRawAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task ACodeSentForSomeoneElsesSignUpDoesNotCompleteThisOne()
    {
        var address = $"shared.{Guid.NewGuid():N}@example.test";
        using var first = app.NewBrowser();
        var firstCheck = await first.StartSignUpAsync(new TestUser("First", address, "first password"));
        app.Time.Advance(TimeSpan.FromSeconds(31));
        using var second = app.NewBrowser();
        await second.StartSignUpAsync(new TestUser("Second", address, "second password"));

        // The newest code was made for the second sign-up; typed into the first one's page it is wrong.
        var page = await first.EnterCodeAsync(firstCheck, await app.LatestCodeForAsync(address));

        Assert.Equal("That code isn't right. Check it and try again.", page.Document.QuerySelector("#Code-error")!.TextContent.Trim());
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == address)));
    }

    private async Task<string> PlantUnprovedAccountAsync(string email, string name, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = new User
        {
            Id = OpaqueId.New(OpaqueId.UserPrefix),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            Name = name,
            PasswordHash = "",
            CreatedAt = app.Time.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, password);
        db.Users.Add(user);
        db.ExternalLogins.Add(new ExternalLogin
        {
            UserId = user.Id,
            Provider = "github",
            Subject = Guid.NewGuid().ToString("N"),
            Email = email,
            CreatedAt = user.CreatedAt,
        });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public sealed class ClaimedAdminAppFactory : AppFactory
    {
        public const string AdminEmail = "claimed-admin@example.test";

        protected override IReadOnlyDictionary<string, string?> Settings { get; } =
            new Dictionary<string, string?> { ["Admin:Emails:0"] = AdminEmail };
    }
}
