using System.Data.Common;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class ActingAccountTests
{
    [Fact]
    public async Task TheActingUserIsReadOnceHoweverOftenARequestAsksAndNotAtAllWhenItDoesNot()
    {
        using var app = new UserQueryCountingFactory();
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);

        Assert.Equal("0", await AskAsync(browser, times: 0));
        Assert.Equal("1", await AskAsync(browser, times: 1));
        Assert.Equal("1", await AskAsync(browser, times: 3));
    }

    [Fact]
    public async Task AnAccountWhoseRowIsGoneGetsTheSignInChallengeNotAnErrorPage()
    {
        using var app = new AppFactory();
        var (ann, bob) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        using var browser = app.NewBrowser();
        await browser.SignInAsync(bob);
        await browser.SignInAsync(ann);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetRawAsync("/account")).StatusCode);

        // Out of band, as an operator's delete would be: the browser's sessions are still in the app's memory.
        await app.QueryAsync(db => db.Users.Where(u => u.Id == ann.Id).ExecuteDeleteAsync());

        foreach (var path in new[] { "/account", "/account/password", "/account/phone", "/account/logins", "/account/link" })
        {
            var response = await browser.GetRawAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/accounts", response.Headers.Location!.OriginalString.Split('?')[0]);
        }
    }

    /// <summary>How many times the acting user's row was read while one request asked for it <paramref name="times"/> times.</summary>
    private static async Task<string> AskAsync(Browser browser, int times)
    {
        var response = await browser.GetRawAsync($"{UserQueryCountingFactory.AskPath}?times={times}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// The app with a counter of queries that read one user row by id, and a path that asks the request's
    /// <see cref="ActingAccount"/> for its user a given number of times and answers with the count.
    /// </summary>
    private sealed class UserQueryCountingFactory : AppFactory
    {
        public const string AskPath = "/test/acting-account";

        private readonly UserRowReads _reads = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(_reads));
                services.AddSingleton<IStartupFilter>(new AskFilter(_reads));
            });
        }

        private sealed class AskFilter(UserRowReads reads) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Map(AskPath, branch => branch.Run(async context =>
                {
                    var signedIn = await context.AuthenticateAsync(MultiSessionDefaults.AuthenticationScheme);
                    context.User = signedIn.Principal!;
                    var account = context.RequestServices.GetRequiredService<ActingAccount>();
                    var times = int.Parse(context.Request.Query["times"]!, CultureInfo.InvariantCulture);
                    var before = reads.Count;
                    for (var i = 0; i < times; i++)
                    {
                        Assert.NotNull(await account.GetUserAsync(context.RequestAborted));
                    }

                    await context.Response.WriteAsync((reads.Count - before).ToString(CultureInfo.InvariantCulture));
                }));
                next(app);
            };
        }
    }

    private sealed class UserRowReads : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            // UserService.FindAsync: one row of Users by its id (the session check joins Users, but never filters it by id).
            if (command.CommandText.Contains("FROM \"Users\" AS \"u\"", StringComparison.Ordinal)
                && command.CommandText.Contains("WHERE \"u\".\"Id\" = ", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
