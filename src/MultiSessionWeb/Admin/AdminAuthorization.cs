using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MultiSessionWeb.Admin;

public static class AdminAuthorization
{
    public const string Policy = "Admin";

    public static AuthorizationBuilder AddAdminPolicy(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AdminSettings>().BindConfiguration(AdminSettings.Section);
        builder.Services.AddSingleton<IAuthorizationHandler, AdminHandler>();
        return builder.AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(new AdminRequirement()));
    }

    public sealed class AdminRequirement : IAuthorizationRequirement;

    /// <summary>The signed-in account is an administrator when its email is listed in <c>Admin:Emails</c>.</summary>
    private sealed class AdminHandler(IOptionsMonitor<AdminSettings> settings) : AuthorizationHandler<AdminRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
        {
            var email = context.User.FindFirstValue(ClaimTypes.Email);
            if (email is not null && settings.CurrentValue.Emails.Any(e => string.Equals(e.Trim(), email, StringComparison.OrdinalIgnoreCase)))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
