using System.Net;
using Microsoft.AspNetCore.Hosting;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>In Production, codes in clear text in a database table are a choice someone made, never a silent fallback.</summary>
public sealed class ProductionMessagingTests
{
    [Fact]
    public void WithoutAMailServerProductionRefusesToStartAndNamesTheSetting()
    {
        using var app = new ProductionAppFactory();
        app.ExtraSettings["Sms:Outbox"] = "Database";

        var failure = Record.Exception(() => app.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("Email:Smtp:Host", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("Email:Outbox=Database", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnSmsGatewayProductionRefusesToStartAndNamesTheSetting()
    {
        using var app = new ProductionAppFactory();
        app.ExtraSettings["Email:Smtp:Host"] = "smtp.example.test";

        var failure = Record.Exception(() => app.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("Sms:Webhook:Url", failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Email:Smtp:Host is not set", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChoosingTheDatabaseOutboxOnPurposeStartsProduction()
    {
        using var app = new ProductionAppFactory();
        app.ExtraSettings["Email:Outbox"] = "Database";
        app.ExtraSettings["Sms:Outbox"] = "Database";
        app.ExtraSettings["Passkeys:RelyingPartyId"] = "localhost";
        app.ExtraSettings["Passkeys:Origins:0"] = "https://localhost";
        using var browser = app.NewBrowser();

        var health = await browser.GetRawAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private sealed class ProductionAppFactory : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
