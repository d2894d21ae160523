using Microsoft.AspNetCore.Mvc;

namespace MultiSessionWeb.Home;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();

    /// <summary>The page for every error status; re-executed with the failed request's method.</summary>
    [Route("/error/{code:int}")]
    public IActionResult Error([FromRoute] int code)
    {
        var status = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        Response.StatusCode = status;
        return View(new ErrorModel(status));
    }
}

public sealed record ErrorModel(int StatusCode)
{
    public string Title => StatusCode switch
    {
        StatusCodes.Status400BadRequest => "This form has expired",
        StatusCodes.Status403Forbidden => "You can't open this page",
        StatusCodes.Status404NotFound => "Page not found",
        StatusCodes.Status405MethodNotAllowed => "That can't be done here",
        StatusCodes.Status429TooManyRequests => "Too many attempts",
        >= 500 => "Something went wrong on our side",
        _ => "That didn't work",
    };

    public string Message => StatusCode switch
    {
        StatusCodes.Status400BadRequest => "The page was open for too long, or you signed in or out in another tab. Go back, reload the page and try again.",
        StatusCodes.Status404NotFound => "The address may be mistyped, or the page has moved.",
        StatusCodes.Status429TooManyRequests => "That was tried too often in a short time. Wait a minute, then try again.",
        >= 500 => "Nothing you entered was lost. Please try again in a moment.",
        _ => "Go back and try again.",
    };
}
