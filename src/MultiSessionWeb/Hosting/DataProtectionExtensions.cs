using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Hosting;

public static class DataProtectionExtensions
{
    public const string CertificatePathSetting = "DataProtection:CertificatePath";
    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";

    /// <summary>
    /// The Data Protection key ring, which seals the cookies, in the app's own database so that restarts
    /// and every instance share it. With <c>DataProtection:CertificatePath</c> (a PFX with its private
    /// key) the keys are encrypted with that certificate before they are stored, so a copy of the
    /// database alone cannot forge cookies.
    /// </summary>
    public static WebApplicationBuilder AddAppDataProtection(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var protection = builder.Services.AddDataProtection()
            .SetApplicationName("MultiSessionWeb")
            .PersistKeysToDbContext<AppDbContext>();
        if (builder.Configuration[CertificatePathSetting] is { Length: > 0 } path)
        {
            protection.ProtectKeysWithCertificate(Load(path, builder.Configuration[CertificatePasswordSetting]));
        }

        return builder;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{CertificatePathSetting}: '{path}' could not be read as a PFX certificate (check the file and {CertificatePasswordSetting}): {e.Message}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{CertificatePathSetting}: the certificate in '{path}' has no private key, which Data Protection needs to read the keys back.");
        }

        return certificate;
    }
}
