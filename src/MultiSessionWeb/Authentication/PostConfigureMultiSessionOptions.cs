using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Authentication;

/// <summary>Fills in the defaults that come from DI, as the framework's cookie scheme does.</summary>
public sealed class PostConfigureMultiSessionOptions(IDataProtectionProvider dataProtection, TimeProvider time) : IPostConfigureOptions<MultiSessionOptions>
{
    public void PostConfigure(string? name, MultiSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DataProtectionProvider ??= dataProtection;
        if (options.CookieFormat is null)
        {
            var protector = options.DataProtectionProvider.CreateProtector(MultiSessionDefaults.DataProtectionPurpose);
            options.CookieFormat = new MemoizedSecureDataFormat<ClientCookie>(
                new SecureDataFormat<ClientCookie>(ClientCookieSerializer.Default, protector),
                options.TimeProvider ?? time,
                options.CookieMemoCapacity,
                options.CookieMemoMaxAge);
        }
    }
}
