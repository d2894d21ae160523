using System.Security.Cryptography;
using System.Text;
using OtpNet;
using QRCoder;

namespace MultiSessionWeb.TwoFactor;

/// <summary>What a person types as a second factor, once spaces and dashes are gone.</summary>
public abstract record SecondFactorCode
{
    private SecondFactorCode()
    {
    }

    /// <summary>Six digits from the authenticator app.</summary>
    public sealed record Totp(string Digits) : SecondFactorCode;

    /// <summary>24 Base32 characters: a recovery code.</summary>
    public sealed record Recovery(string Normalized) : SecondFactorCode;

    /// <summary>Neither: letters, the wrong length, nothing, or far too much.</summary>
    public static SecondFactorCode? Parse(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 64)
        {
            return null;
        }

        var text = string.Concat(typed.Where(c => c is not (' ' or '-'))).ToUpperInvariant();
        return text.Length == TotpCodes.Digits && text.All(char.IsAsciiDigit) ? new Totp(text)
            : text.Length == RecoveryCodes.Length && text.All(c => c is (>= 'A' and <= 'Z') or (>= '2' and <= '7')) ? new Recovery(text)
            : null;
    }
}

/// <summary>RFC 6238 codes (SHA-1, 6 digits, 30 seconds: what every authenticator app does), the otpauth URI and its QR code.</summary>
public static class TotpCodes
{
    public const int Digits = 6;
    public const string Issuer = "MultiSessionWeb";

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(20);

    /// <summary>The secret as a person types it into an app: Base32 in groups of four.</summary>
    public static string Grouped(byte[] secret) =>
        string.Join(' ', Base32Encoding.ToString(secret).Chunk(4).Select(c => new string(c)));

    public static string Uri(byte[] secret, string account) => new OtpUri(OtpType.Totp, secret, account, Issuer).ToString();

    /// <summary>
    /// The time step the code belongs to: the current one, or the one before it (a code typed as it
    /// rolled over, or a phone a little behind); null for any other. A code of the next step is never
    /// valid yet, and taking it would also void the current step's code under the replay rule.
    /// </summary>
    public static long? MatchStep(byte[] secret, string digits, DateTimeOffset now)
    {
        var totp = new Totp(secret, step: 30, mode: OtpHashMode.Sha1, totpSize: Digits);
        return totp.VerifyTotp(now.UtcDateTime, digits, out var step, new VerificationWindow(previous: 1, future: 0)) ? step : null;
    }

    /// <summary>An inline SVG (no script, no style, so the page's CSP needs nothing more).</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}

/// <summary>Recovery codes: 120 random bits each, so a plain SHA-256 is enough to store them (ASVS 6.5.2).</summary>
public static class RecoveryCodes
{
    public const int Count = 10;
    public const int Length = 24;

    /// <summary>A new code as shown: <c>xxxx-xxxx-xxxx-xxxx-xxxx-xxxx</c>.</summary>
    public static string New() =>
        string.Join('-', Base32Encoding.ToString(RandomNumberGenerator.GetBytes(15)).Chunk(4).Select(c => new string(c)));

    public static byte[] Hash(string normalized) => SHA256.HashData(Encoding.ASCII.GetBytes(normalized));

    public static string Normalize(string shown) => shown.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}
