using Microsoft.AspNetCore.Identity;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>User accounts, the hashing of their passwords, their second factors, and who administers.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<UserService>();
        services.AddScoped<SecondFactors>();
        services.AddOptions<AdminSettings>().BindConfiguration(AdminSettings.Section);
        services.AddSingleton<Administrators>();
        return services;
    }
}
