using System.Net;
using Microsoft.Data.Sqlite;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task AKilledAppComesBackWithEveryoneStillSignedIn()
    {
        var folder = Directory.CreateTempSubdirectory("msw-restart-");
        var database = Path.Combine(folder.FullName, "app.db");
        var settings = new Dictionary<string, string> { ["ConnectionStrings:Default"] = $"Data Source={database}" };
        var cookies = new CookieContainer();
        var people = Enumerable.Range(0, 3)
            .Select(i => new TestUser($"Restart {i}", $"restart.{i}.{Guid.NewGuid():N}@example.test", "a good password"))
            .ToList();
        try
        {
            var app = await AppProcess.StartAsync(settings);
            try
            {
                using var browser = new Browser(app.BaseAddress, cookies);
                foreach (var person in people)
                {
                    var check = await browser.StartSignUpAsync(person);
                    await browser.EnterCodeAsync(check, await LatestCodeAsync(database, person.Email));
                }

                Assert.Equal(people.Select(p => p.Email), (await browser.AccountsAsync()).Emails);
            }
            finally
            {
                await app.DisposeAsync(); // SIGKILL: no shutdown, no flush
            }

            await using var again = await AppProcess.StartAsync(settings);
            using var sameBrowser = new Browser(again.BaseAddress, cookies);
            var (emails, active) = await sameBrowser.AccountsAsync();
            Assert.Equal(people.Select(p => p.Email), emails);
            Assert.Equal(people[2].Email, active);
            Assert.Equal(people[2].Email, (await sameBrowser.GetAsync("/account")).ActingEmail);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The code in the first message to <paramref name="email"/>, once the app's background sender wrote it.</summary>
    private static async Task<string> LatestCodeAsync(string database, string email)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var connection = new SqliteConnection($"Data Source={database}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Body FROM DevMessages WHERE \"To\" = $to ORDER BY Id DESC LIMIT 1";
            command.Parameters.AddWithValue("$to", email);
            if (command.ExecuteScalar() is string body)
            {
                return System.Text.RegularExpressions.Regex.Match(body, @"\b[0-9]{6}\b").Value;
            }

            Assert.True(attempt < 300, $"No message to {email} within 30 seconds.");
            await Task.Delay(100);
        }
    }
}
