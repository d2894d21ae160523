using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

public sealed class MessageDeliveryFailureTests
{
    [Fact]
    public async Task WhenTheMailServerIsDownThePersonIsToldAndNothingIsLost()
    {
        using var app = new AppFactory();
        app.ExtraSettings["Email:Smtp:Host"] = "127.0.0.1";
        app.ExtraSettings["Email:Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.ExtraSettings["Email:Smtp:Security"] = "None";
        var bob = await app.CreateUserAsync();
        using var browser = app.NewBrowser();

        var page = await browser.AskForEmailCodeAsync(bob.Email);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("We couldn't send the code. Please try again in a moment.", page.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.Equal(bob.Email, page.Document.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        // The failed code is gone, so trying again right away is not held back by the 30-second wait.
        Assert.Equal(0, await app.QueryAsync(db => db.OneTimeCodes.CountAsync()));
        var again = await browser.SubmitAndFollowAsync(page, page.Form("/sign-in/code"));
        Assert.Equal("We couldn't send the code. Please try again in a moment.", again.Document.QuerySelector(".form-error")!.TextContent.Trim());

        var signUp = await browser.StartSignUpAsync(new TestUser("Sam Down", $"sam.{Guid.NewGuid():N}@example.test", "a good password"));
        Assert.Equal("We couldn't send the code. Please try again in a moment.", signUp.Document.QuerySelector(".form-error")!.TextContent.Trim());
        Assert.Equal("Sam Down", signUp.Document.QuerySelector("input[name=Name]")!.GetAttribute("value"));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
