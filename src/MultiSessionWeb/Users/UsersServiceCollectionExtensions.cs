using Microsoft.AspNetCore.Identity;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>User accounts and the hashing of their passwords.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<UserService>();
        return services;
    }
}
