using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Admin;

public static class AdminAuthorization
{
    public const string Policy = "Admin";

    public static AuthorizationBuilder AddAdminPolicy(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IAuthorizationHandler, AdminHandler>();
        return builder.AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(new AdminRequirement()));
    }

    public sealed class AdminRequirement : IAuthorizationRequirement;

    /// <summary>The signed-in account is an administrator when its email is listed in <c>Admin:Emails</c>.</summary>
    private sealed class AdminHandler(Administrators administrators) : AuthorizationHandler<AdminRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
        {
            if (administrators.Includes(context.User.FindFirstValue(ClaimTypes.Email)))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
