using System.Security.Claims;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Authentication;

public static class MultiSessionPrincipal
{
    /// <summary>The user a request acts as, with the session and client it came through.</summary>
    public static ClaimsPrincipal Create(string clientId, ClientSession session, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(session);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, session.User.Id),
                new Claim(ClaimTypes.Name, session.User.Name),
                new Claim(ClaimTypes.Email, session.User.Email),
                new Claim(MultiSessionClaimTypes.SessionId, session.Id),
                new Claim(MultiSessionClaimTypes.ClientId, clientId),
            ],
            authenticationType);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>What <c>SignInAsync</c> takes: the session to make active on the client.</summary>
    public static ClaimsPrincipal ForSignIn(string clientId, string sessionId) => new(new ClaimsIdentity(
        [
            new Claim(MultiSessionClaimTypes.SessionId, sessionId),
            new Claim(MultiSessionClaimTypes.ClientId, clientId),
        ],
        MultiSessionDefaults.AuthenticationScheme));
}
