using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class MessageDeliveryFailureTests
{
    [Fact]
    public async Task WhenTheMailServerIsDownTheFailedCodeIsForgottenSoAskingAgainIsNotHeldBack()
    {
        using var app = new AppFactory();
        app.ExtraSettings["Email:Smtp:Host"] = "127.0.0.1";
        app.ExtraSettings["Email:Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.ExtraSettings["Email:Smtp:Security"] = "None";
        var bob = await app.CreateUserAsync();
        using var browser = app.NewBrowser();

        // Mail leaves through a background queue, so the page is the same "check your email" as always:
        // it cannot wait for (or reveal anything by) the mail server.
        var page = await browser.AskForEmailCodeAsync(bob.Email);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Check your email", page.Document.QuerySelector("h1")!.TextContent);

        // The failed code is gone once the sender gave up, so asking again right away is not held back by the 30-second wait.
        Assert.Equal(0, await app.QueryAsync(db => db.OneTimeCodes.CountAsync()));
        var again = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/code"));
        Assert.Equal("Check your email", again.Document.QuerySelector("h1")!.TextContent);
        Assert.Null(again.Document.QuerySelector(".form-error"));
    }

    [Fact]
    public async Task WhenTheQueueIsFullThePersonIsToldAndNothingIsLost()
    {
        using var app = new AppFactory();
        app.ExtraSettings["Email:QueueCapacity"] = "1";

        // A mail server that accepts the connection and never answers holds the senders busy.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        app.ExtraSettings["Email:Smtp:Host"] = "127.0.0.1";
        app.ExtraSettings["Email:Smtp:Port"] = ((IPEndPoint)silent.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.ExtraSettings["Email:Smtp:Security"] = "None";
        app.ExtraSettings["Email:Smtp:Timeout"] = "00:00:05";
        var people = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            people.Add(await app.CreateUserAsync());
        }

        using var browser = app.NewBrowser();
        Page? refused = null;
        foreach (var person in people)
        {
            var page = await browser.AskForEmailCodeAsync(person.Email);
            if (page.Document.QuerySelector(".form-error") is not null)
            {
                refused = page;
                break;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal("We couldn't send the code. Please try again in a moment.", refused.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.StartsWith("person.", refused.Document.QuerySelector("input[name=Email]")!.GetAttribute("value"), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
