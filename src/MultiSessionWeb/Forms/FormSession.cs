using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Forms;

/// <summary>
/// Which account a form acts as. Every post form names the session its page was rendered for
/// (<see cref="FormSessionTagHelper"/>); <see cref="FormSessionMiddleware"/> makes the post act as
/// that session while it is signed in on this browser, whichever account another tab made active
/// since, and refuses it once that session is gone. Actions on the browser itself opt out with
/// <see cref="BrowserWideAttribute"/>.
/// </summary>
public static class FormSessionDefaults
{
    /// <summary>The hidden field naming the session the form was rendered for.</summary>
    public const string SessionField = "__session";

    /// <summary>The hidden field naming the page the form was on (relative to the account's path base), for "Continue as …".</summary>
    public const string PageField = "__page";
}

/// <summary>
/// The action acts on the browser, not as one of its accounts — switch, sign out, add an account,
/// sign in or up: a post to it need not name the session its page was rendered for.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserWideAttribute : Attribute;

/// <summary>
/// The action serves a pending session's task: its form may name a session that is pending (signed
/// in, but counting as signed out everywhere else until the task is done).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ForPendingSessionAttribute : Attribute;

/// <summary>
/// A task page's post named this pending session. It is kept here rather than made the request's user:
/// a pending session counts as signed out everywhere but on its task page, the header included.
/// </summary>
public sealed record PendingFormSessionFeature(string SessionId);

public static class FormSessionHttpContextExtensions
{
    /// <summary>
    /// The session a page is rendered for: the pending one a task form named, the one the request acts
    /// as, or else the browser's active session when it is pending (the page of its task).
    /// </summary>
    public static string? GetRenderedSessionId(this HttpContext context) =>
        context.Features.Get<PendingFormSessionFeature>()?.SessionId
        ?? context.GetActingSessionId()
        ?? (context.GetClientState().Active is { Status: SessionStatus.Pending } pending ? pending.Id : null);
}
