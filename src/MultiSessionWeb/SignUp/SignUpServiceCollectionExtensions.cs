namespace MultiSessionWeb.SignUp;

public static class SignUpServiceCollectionExtensions
{
    /// <summary>Sign-ups waiting for their email code, sealed into the page rather than stored.</summary>
    public static IServiceCollection AddSignUp(this IServiceCollection services) =>
        services.AddSingleton<PendingSignUps>();
}
