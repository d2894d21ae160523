using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MultiSessionWeb.Authentication;

namespace MultiSessionWeb.Profile;

[Authorize]
[Route("account")]
public sealed class ProfileController : Controller
{
    [HttpGet("")]
    public IActionResult Index()
    {
        var session = HttpContext.GetClientState().Find(HttpContext.GetActingSessionId()!)!;
        return View(session);
    }
}
