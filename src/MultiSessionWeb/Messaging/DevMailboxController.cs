using Microsoft.AspNetCore.Mvc;

namespace MultiSessionWeb.Messaging;

/// <summary>The development mailbox: the codes and mail the app would have sent. It exists only in Development.</summary>
[Route("dev/mailbox")]
public sealed class DevMailboxController(DevMailbox mailbox, IWebHostEnvironment environment) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        environment.IsDevelopment() ? View(await mailbox.LatestAsync(50, cancellationToken)) : NotFound();
}
