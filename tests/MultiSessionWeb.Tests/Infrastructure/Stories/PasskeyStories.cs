using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Tests.Infrastructure.Stories;

/// <summary>Passkey stories told on each database; the app must take the origin <c>https://localhost</c>.</summary>
internal static class PasskeyStories
{
    /// <summary>
    /// Twelve tabs each opened "Add a passkey" while the account had none, then all finish at once:
    /// each finish counted alone would see room, so only the count taken under a lock keeps it at ten.
    /// </summary>
    public static async Task ParallelFinishesNeverMakeMoreThanTenPasskeysAsync(AppFactory app)
    {
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        var tabs = new List<(Page Page, SoftAuthenticator Key)>();
        for (var i = 0; i < Limits.PasskeysPerAccount + 2; i++)
        {
            tabs.Add((await browser.GetAsync("/account/passkeys"), PasskeyTests.NewKey()));
        }

        try
        {
            var finishes = await Task.WhenAll(tabs.Select(t => browser.SubmitAsync(t.Page, t.Page.Form("/account/passkeys/add"),
                new Dictionary<string, string> { ["Credential"] = t.Key.Create(PasskeyTests.OptionsOf(t.Page, "passkey-create-options")) })));

            Assert.All(finishes, f => Assert.True((int)f.StatusCode < 500, f.StatusCode.ToString()));
            Assert.Equal(Limits.PasskeysPerAccount, await app.QueryAsync(db => db.PasskeyCredentials.CountAsync(p => p.UserId == ann.Id)));
        }
        finally
        {
            foreach (var (_, key) in tabs)
            {
                key.Dispose();
            }
        }
    }
}
