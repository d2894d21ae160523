using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace MultiSessionWeb.Bench;

/// <summary>One browser: a cookie jar and an HttpClient that, like a form post, does not follow redirects.</summary>
public sealed partial class Browser : IDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly HttpClient http;

    public Browser(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
        };
    }

    public Uri BaseAddress { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The antiforgery token of the last page fetched; valid for every post while the client id stays.</summary>
    public string? Token { get; private set; }

    /// <summary>The Cookie header this browser sends, every cookie included.</summary>
    public string CookieHeader => Cookies.GetCookieHeader(BaseAddress);

    public string? ClientCookie => Cookies.GetCookies(BaseAddress)["msw.client"]?.Value;

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync();
        if (TokenPattern().Match(html) is { Success: true } match)
        {
            Token = WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        return html;
    }

    public Task<string> GetStringAsync(string path) => http.GetStringAsync(new Uri(path, UriKind.Relative));

    /// <summary>Posts a form with this browser's token and expects a redirect, as every successful form here answers.</summary>
    public async Task PostAsync(string path, params (string Name, string Value)[] fields)
    {
        using var response = await PostRawAsync(path, fields);
        if ((int)response.StatusCode is < 300 or >= 400)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}, not a redirect.");
        }
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, params (string Name, string Value)[] fields)
    {
        var form = fields
            .Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", Token ?? throw new InvalidOperationException("Fetch a page with a form first.")));
        return http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    /// <summary>Signs up and enters the emailed code, read from the app's development mailbox in its database file.</summary>
    public async Task SignUpAsync(string name, string email)
    {
        await GetPageAsync("/sign-up");
        string verifyPage;
        using (var check = await PostRawAsync("/sign-up", ("Name", name), ("Email", email), ("Password", Password), ("ReturnUrl", "/")))
        {
            check.EnsureSuccessStatusCode();
            verifyPage = await check.Content.ReadAsStringAsync();
        }

        // The sign-up is no account yet: the verify page carries it, sealed, until the code comes back.
        var sealedSignUp = WebUtility.HtmlDecode(SignUpFieldPattern().Match(verifyPage).Groups[1].Value);
        await PostAsync("/sign-up/verify", ("Email", email), ("SignUp", sealedSignUp), ("Code", await LatestCodeAsync(email)), ("ReturnUrl", "/"));
    }

    /// <summary>Mail leaves through the app's background queue, so the code may land a moment after the page.</summary>
    private static async Task<string> LatestCodeAsync(string email)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (LatestCode(email) is { } code)
            {
                return code;
            }

            if (attempt == 100)
            {
                throw new InvalidOperationException($"No code was mailed to {email}.");
            }

            await Task.Delay(50);
        }
    }

    private static string? LatestCode(string email)
    {
        if (Environment.GetEnvironmentVariable("MSW_BENCH_POSTGRES") is { Length: > 0 } postgres)
        {
            using var pg = new Npgsql.NpgsqlConnection(postgres);
            pg.Open();
            using var query = new Npgsql.NpgsqlCommand("SELECT \"Body\" FROM \"DevMessages\" WHERE \"To\" = $1 ORDER BY \"Id\" DESC LIMIT 1", pg);
            query.Parameters.AddWithValue(email);
            return query.ExecuteScalar() is string text ? SixDigits().Match(text).Value : null;
        }

        var database = Environment.GetEnvironmentVariable("MSW_BENCH_DB")
            ?? throw new InvalidOperationException("MSW_BENCH_DB names the app's database file; bench/run sets it.");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Body FROM DevMessages WHERE \"To\" = $to ORDER BY Id DESC LIMIT 1";
        command.Parameters.AddWithValue("$to", email);
        return command.ExecuteScalar() is string body ? SixDigits().Match(body).Value : null;
    }

    public async Task SignInAsync(string email)
    {
        await GetPageAsync("/sign-in");
        await PostAsync("/sign-in", ("Email", email), ("Password", Password), ("ReturnUrl", "/"));
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"SignUp\" value=\"([^\"]+)\"")]
    private static partial Regex SignUpFieldPattern();

    [GeneratedRegex(@"\b[0-9]{6}\b")]
    private static partial Regex SixDigits();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
