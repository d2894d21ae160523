using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Api;

/// <summary>This browser's client as JSON, in the shape of Clerk's Client object.</summary>
[ApiController]
[Route("api/client")]
public sealed class ClientApiController : ControllerBase
{
    [HttpGet("")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public ClientResponse Get()
    {
        var state = HttpContext.GetClientState();
        if (state.Sessions.Count == 0)
        {
            // A browser that holds no account has no client worth naming, even if it was given an id for its forms.
            return new ClientResponse(null, null, []);
        }

        return new ClientResponse(
            state.ClientId,
            state.ActiveSessionId,
            [.. state.Sessions.Select(s => new SessionResponse(
                s.Id, s.Status, s.Slot, s.CreatedAt, s.LastActiveAt, s.ExpireAt,
                new UserResponse(s.User.Id, s.User.Email, s.User.Name)))]);
    }
}

public sealed record ClientResponse(string? Id, string? LastActiveSessionId, IReadOnlyList<SessionResponse> Sessions);

public sealed record SessionResponse(
    string Id, SessionStatus Status, int Slot, DateTime CreatedAt, DateTime LastActiveAt, DateTime ExpireAt, UserResponse User);

public sealed record UserResponse(string Id, string Email, string Name);
