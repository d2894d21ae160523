using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using MultiSessionWeb.Tests.Infrastructure;

namespace MultiSessionWeb.Tests;

/// <summary>The Data Protection key ring at rest: in the database, encrypted with a certificate when one is configured.</summary>
public sealed class DataProtectionTests
{
    [Fact]
    public async Task WithACertificateTheStoredKeysAreEncryptedAndCookiesStillWork()
    {
        var pfx = WriteCertificate("pfx password");
        await using var app = new AppFactory
        {
            ExtraSettings = { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "pfx password" },
        };
        var ann = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(ann);
        Assert.Equal(ann.Email, (await browser.GetAsync("/account")).ActingEmail);

        var keys = await app.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task WithoutACertificateTheKeysAreStoredAsTheFrameworkWritesThem()
    {
        await using var app = new AppFactory();
        using var browser = app.NewBrowser();
        await browser.SignInAsync(await app.CreateUserAsync());
        var keys = await app.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.Contains(keys, xml => xml.Contains("<masterKey", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong password")]
    [InlineData("not a certificate")]
    public void ACertificateThatCannotBeReadStopsTheStartAndNamesTheSetting(string what)
    {
        var path = what switch
        {
            "missing" => Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pfx"),
            "not a certificate" => WriteFile("just text"),
            _ => WriteCertificate("the right password"),
        };
        using var app = new AppFactory
        {
            ExtraSettings = { ["DataProtection:CertificatePath"] = path, ["DataProtection:CertificatePassword"] = "a wrong password" },
        };
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("DataProtection:CertificatePath", error.ToString(), StringComparison.Ordinal);
    }

    private static string WriteCertificate(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=MultiSessionWeb key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static string WriteFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pfx");
        File.WriteAllText(path, text);
        return path;
    }
}
