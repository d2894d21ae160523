namespace MultiSessionWeb.SignIn;

public static class SignInServiceCollectionExtensions
{
    /// <summary>What every way of signing in shares once the person has proved who they are.</summary>
    public static IServiceCollection AddSignIn(this IServiceCollection services) => services.AddScoped<SignInCompletion>();
}
