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
                    await browser.EnterCodeAsync(check, LatestCode(database, person.Email));
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

    private static string LatestCode(string database, string email)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Body FROM DevMessages WHERE \"To\" = $to ORDER BY Id DESC LIMIT 1";
        command.Parameters.AddWithValue("$to", email);
        return System.Text.RegularExpressions.Regex.Match((string)command.ExecuteScalar()!, @"\b[0-9]{6}\b").Value;
    }
}
