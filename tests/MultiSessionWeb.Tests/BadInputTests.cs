using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MultiSessionWeb.Tests;

/// <summary>
/// Over ten thousand hostile or broken requests from a fixed seed: damaged and forged cookies, odd form
/// fields (the session a form names among them), odd paths, off-site return URLs. Every answer must
/// be a page or a redirect on this site with a status below 500 and no stack trace, and the other
/// browsers' accounts must be as they were.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    private const int Seed = 20261126;

    private static readonly string[] Evil =
    [
        "//evil.test", "/\\evil.test", "https:%2F%2Fevil.test", "javascript:alert(1)", "https://evil.test/",
        "\\\\evil.test", "/%2F%2Fevil.test", "///evil.test", "http:evil.test", "%2F%2Fevil.test", " //evil.test",
        "/\t/evil.test", "data:text/html,hi", "~//evil.test", "/..//evil.test",
    ];

    [Fact]
    public async Task TenThousandBadInputsGetPagesNeverErrorsAndTouchNoOtherBrowser()
    {
        using var app = new AppFactory();
        var random = new Random(Seed);

        // Bystanders: three browsers whose accounts must come through untouched.
        var victims = new List<(Browser Browser, ClientJson Before)>();
        for (var i = 0; i < 3; i++)
        {
            var browser = app.NewBrowser();
            await browser.SignInAsync(await app.CreateUserAsync());
            await browser.SignInAsync(await app.CreateUserAsync());
            victims.Add((browser, await browser.GetClientAsync()));
        }

        var victimSessions = victims.SelectMany(v => v.Before.Sessions.Select(s => s.Id)).ToList();
        var victimCookies = victims.Select(v => v.Browser.ClientCookie!).ToList();

        // The fuzzing browser has an account of its own, so that protected pages and forms are reached.
        using var fuzzer = app.NewBrowser();
        var fuzzUser = await app.CreateUserAsync();
        await fuzzer.SignInAsync(fuzzUser);
        var token = (await fuzzer.GetAsync("/sign-in")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var ours = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(MultiSessionDefaults.DataProtectionPurpose);
        var theirs = DataProtectionProvider.Create("another-app").CreateProtector(MultiSessionDefaults.DataProtectionPurpose);
        var ourFormat = new SecureDataFormat<ClientCookie>(ClientCookieSerializer.Default, ours);
        var theirFormat = new SecureDataFormat<ClientCookie>(ClientCookieSerializer.Default, theirs);
        using var raw = app.CreateClient(new() { BaseAddress = Browser.BaseAddress, AllowAutoRedirect = false, HandleCookies = false });

        var cases = 0;
        var problems = new List<string>();

        async Task Check(string what, HttpResponseMessage response)
        {
            cases++;
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                problems.Add($"{what}: {status}");
            }

            if (body.Contains("Exception", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal))
            {
                problems.Add($"{what}: stack trace in the page");
            }

            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location?.OriginalString ?? "";
                // On Linux "/x" also parses as an absolute file: URI, so look at the text first.
                var local = location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal) && !location.StartsWith("/\\", StringComparison.Ordinal);
                var sameHost = location.StartsWith("https://localhost/", StringComparison.Ordinal) || location.StartsWith("http://localhost/", StringComparison.Ordinal);
                var offSite = !local && !sameHost;
                if (offSite)
                {
                    problems.Add($"{what}: redirect to {location}");
                }
            }
            else if (body.Length == 0 && response.StatusCode != HttpStatusCode.NoContent)
            {
                problems.Add($"{what}: {status} with an empty body");
            }
        }

        // 1. Cookies: random, damaged, foreign and forged.
        for (var i = 0; i < 3000; i++)
        {
            var good = victimCookies[random.Next(victimCookies.Count)];
            var cookie = (i % 10) switch
            {
                0 => RandomText(random, random.Next(1, 300), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                1 => good[..random.Next(0, good.Length)],
                2 => good + RandomText(random, random.Next(1, 40), "ABCDEFabcdef0123456789-_="),
                3 => new string('A', random.Next(4000, 9000)),
                4 => Convert.ToBase64String(RandomBytes(random, random.Next(1, 600))).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
                5 => theirFormat.Protect(new ClientCookie(OpaqueId.New(OpaqueId.ClientPrefix), ClientSecret.New(), [], null)),
                6 => Flip(good, random),
                7 => good, // a real cookie of another browser: it acts as that browser, and must not break anything
                8 => ourFormat.Protect(new ClientCookie(
                        OpaqueId.New(OpaqueId.ClientPrefix),
                        ClientSecret.New(),
                        [new SessionTicket(victimSessions[random.Next(victimSessions.Count)], random.Next(0, 255))],
                        victimSessions[random.Next(victimSessions.Count)])),
                _ => Encoding.Latin1.GetString(RandomBytes(random, random.Next(1, 100)).Select(b => (byte)Math.Max(b, (byte)0x21)).Where(b => b != ';' && b != ',').ToArray()),
            };
            var path = new[] { "/", "/account", "/accounts", "/api/client", "/u/0/", "/u/1/account", "/account/devices" }[random.Next(7)];
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Cookie", $"{CookieNames.Client}={cookie}");
            var response = await raw.SendAsync(request);
            await Check($"cookie case {i} ({i % 10}) on {path}", response);

            if (i % 10 == 8)
            {
                // A forged cookie naming another browser's sessions under a new client id shows none of them.
                using var api = new HttpRequestMessage(HttpMethod.Get, "/api/client");
                api.Headers.TryAddWithoutValidation("Cookie", $"{CookieNames.Client}={cookie}");
                var json = await (await raw.SendAsync(api)).Content.ReadAsStringAsync();
                if (victimSessions.Any(id => json.Contains(id, StringComparison.Ordinal)))
                {
                    problems.Add($"cookie case {i}: a forged ticket exposed another browser's session");
                }

                cases++;
            }
        }

        // 2. Forms: missing, huge, control characters, NUL, invalid UTF-8, 1 MB passwords, Unicode emails.
        string[] forms = ["/sign-in", "/sign-up", "/sign-in/code", "/sign-in/code/verify", "/sign-up/verify", "/accounts/switch",
            "/accounts/sign-out", "/accounts/remove", "/account/devices/sign-out", "/account/password", "/account/phone", "/tasks/reset-password"];
        for (var i = 0; i < 3500; i++)
        {
            var action = forms[random.Next(forms.Length)];
            var passwordHeavy = action is "/sign-in" or "/account/password";
            var fields = new List<KeyValuePair<string, string>>();
            if (random.Next(20) != 0)
            {
                fields.Add(new("__RequestVerificationToken", token));
            }

            foreach (var name in new[] { "Email", "Password", "Name", "Code", "Phone", "SessionId", "__session", "__page", "ReturnUrl", "CurrentPassword", "NewPassword", "Input.NewPassword" })
            {
                if (random.Next(3) == 0)
                {
                    continue;
                }

                // Password checks cost real hashing: keep most password forms from reaching them.
                var value = passwordHeavy && name == "Email" && random.Next(10) != 0 ? "not an email" : FieldValue(random, name, victimSessions);
                fields.Add(new(name, value));
            }

            HttpContent content = (i % 7) switch
            {
                0 => new ByteArrayContent([.. Encoding.ASCII.GetBytes("Email=%FF%FE%C0%AF&Password=%00%01&__RequestVerificationToken="),
                    .. Encoding.ASCII.GetBytes(Uri.EscapeDataString(token)), .. (byte[])[0x26, 0x4E, 0x61, 0x6D, 0x65, 0x3D, 0xFF, 0xFE, 0xC3]]),
                _ => new FormUrlEncodedContent(fields),
            };
            content.Headers.ContentType = new("application/x-www-form-urlencoded");
            var response = await fuzzer.Http.PostAsync(action, content);
            await Check($"form case {i} on {action}", response);
        }

        // 3. Paths.
        string[] paths = ["/u/-1/", "/u/99999999999/", "/u/abc/", "/u/1%2F..%2F/", "/u/%2E%2E/", "/u/0/%2E%2E/%2E%2E/etc/passwd",
            "/u/0//account", "/u//", "/u/0/u/1/", "/%2F%2Fevil.test", "/..%2F..%2F", "/u/255/", "/u/254/", "/u/00/", "/u/1e3/", "/u/0x1/"];
        for (var i = 0; i < 2500; i++)
        {
            var path = i % 2 == 0
                ? paths[random.Next(paths.Length)]
                : "/" + string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Uri.EscapeDataString(RandomText(random, random.Next(1, 12), "abcu0123456789.-_%~/\\"))));
            var response = await fuzzer.Http.GetAsync(path);
            await Check($"path case {i}: {path}", response);
        }

        // 4. Return URLs, in the switch form (cheap) and on the sign-in page. The form cases may have
        // signed the fuzzer out (a sign-out without a session id means the active one): sign in again.
        await fuzzer.SignInAsync(fuzzUser);
        token = (await fuzzer.GetAsync("/sign-in")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var ownSession = await fuzzer.SessionIdOfAsync(fuzzUser);
        for (var i = 0; i < 1400; i++)
        {
            var returnUrl = random.Next(3) == 0 ? RandomText(random, random.Next(0, 30), "/\\:.%2Fhtpsevil") : Evil[random.Next(Evil.Length)];
            var response = i % 2 == 0
                ? await fuzzer.Http.PostAsync("/accounts/switch", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["SessionId"] = ownSession,
                    ["ReturnUrl"] = returnUrl,
                }))
                : await fuzzer.Http.GetAsync($"/sign-in?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
            await Check($"return URL case {i}: {returnUrl}", response);
        }

        output.WriteLine($"{cases} cases from seed {Seed}; {problems.Count} problems.");
        Assert.True(cases >= 10_000, $"Only {cases} cases ran.");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
        foreach (var (browser, before) in victims)
        {
            var after = await browser.GetClientAsync();
            Assert.Equal(before.Sessions.Select(s => (s.Id, s.Status)), after.Sessions.Select(s => (s.Id, s.Status)));
            Assert.Equal(before.LastActiveSessionId, after.LastActiveSessionId);
            browser.Dispose();
        }
    }

    private static string FieldValue(Random random, string name, List<string> victimSessions) => random.Next(10) switch
    {
        0 => "",
        1 => new string('x', random.Next(10_000, 200_000)),
        2 => "\0" + RandomText(random, 10, "abc") + "\0",
        3 => RandomText(random, 20, "\u0001\u0002\u0007\b\t\n\r\u001b\u007f"),
        4 => name is "SessionId" or "__session" ? victimSessions[random.Next(victimSessions.Count)] : $"üñí.çødé.{random.Next()}@exämple.test",
        5 => name is "Password" or "NewPassword" or "CurrentPassword" ? new string('p', 1_048_576) : "𝓤𝓷𝓲𝓬𝓸𝓭𝓮 " + random.Next(),
        6 => Evil[random.Next(Evil.Length)],
        7 => "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
        8 => random.Next(1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        _ => RandomText(random, random.Next(1, 64), "abcdefghijklmnopqrstuvwxyz@.+-_0123456789 "),
    };

    private static string Flip(string value, Random random)
    {
        var chars = value.ToCharArray();
        var at = random.Next(chars.Length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private static string RandomText(Random random, int length, string alphabet) =>
        new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
