using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Api;

/// <summary>This browser's client as JSON, in the shape of Clerk's Client object.</summary>
[ApiController]
[Route("api/client")]
public sealed class ClientApiController(TimeProvider time, ClientJsonCache cache, IOptions<JsonOptions> json) : ControllerBase
{
    private const string JsonContentType = "application/json; charset=utf-8";

    [HttpGet("")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public IActionResult Get()
    {
        var state = HttpContext.GetClientState();
        if (state.Sessions.Count == 0)
        {
            // A browser that holds no account has no client worth naming, even if it was given an id for its forms.
            return Ok(new ClientResponse(null, null, []));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var ages = new int[state.Sessions.Count * 2];
        for (var i = 0; i < state.Sessions.Count; i++)
        {
            var session = state.Sessions[i];
            ages[2 * i] = AgeInMinutes(session.VerifiedAt, now);
            ages[(2 * i) + 1] = session.SecondFactorVerifiedAt is { } second ? AgeInMinutes(second, now) : -1;
        }

        var key = new ClientJsonKey(state, ages);
        if (!cache.TryGet(key, out var written))
        {
            written = JsonSerializer.Serialize(ClientOf(state, ages), json.Value.JsonSerializerOptions);
            cache.Remember(key, written);
        }

        return Content(written, JsonContentType);
    }

    private static ClientResponse ClientOf(ClientState state, int[] ages) => new(
        state.ClientId,
        state.ActiveSessionId,
        [.. state.Sessions.Select((s, i) => new SessionResponse(
            s.Id, s.Status, s.Slot, s.CreatedAt, s.LastActiveAt, s.ExpireAt,
            new UserResponse(s.User.Id, s.User.Email, s.User.Name),
            s.Status == SessionStatus.Active,
            [ages[2 * i], ages[(2 * i) + 1]],
            s.Task is null ? null : new SessionTaskResponse(s.Task)))]);

    private static int AgeInMinutes(DateTime at, DateTime now) => (int)Math.Max(0, Math.Floor((now - at).TotalMinutes));
}

public sealed record ClientResponse(string? Id, string? LastActiveSessionId, IReadOnlyList<SessionResponse> Sessions);

/// <summary>
/// <c>CanActAs</c>: whether a page or form of this browser can act as the session now — signed in
/// with no task due. False once it was signed out elsewhere or expired, and while a task is due (it
/// then serves only its task page); a form rendered for a session that cannot act is refused.
/// <c>FactorVerificationAge</c>: as Clerk's Session, <c>[firstFactorAgeMinutes, secondFactorAgeMinutes]</c>,
/// whole minutes since each factor was last proved on the session, -1 for a factor never proved.
/// </summary>
public sealed record SessionResponse(
    string Id, SessionStatus Status, int Slot, DateTime CreatedAt, DateTime LastActiveAt, DateTime ExpireAt, UserResponse User, bool CanActAs,
    IReadOnlyList<int> FactorVerificationAge,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SessionTaskResponse? CurrentTask);

/// <summary>Clerk's <c>currentTask</c> of a pending session: <c>reset-password</c> or <c>setup-mfa</c>.</summary>
public sealed record SessionTaskResponse(string Key);

public sealed record UserResponse(string Id, string Email, string Name);
