using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.Users;

namespace MultiSessionWeb.Accounts;

/// <summary>
/// The account a request acts as — its <c>/u/{slot}/</c> one, the one its form was rendered for, or
/// the active one — for pages that require an account. The session comes from the multi-session
/// feature, which costs nothing; the user's row is read only when a page asks for it, and then once a
/// request: the session check itself is kept free of user queries.
/// </summary>
public sealed class ActingAccount(IHttpContextAccessor accessor, UserService users)
{
    private User? _user;

    /// <summary>The session the request acts as.</summary>
    public ClientSession Session =>
        (accessor.HttpContext ?? throw new InvalidOperationException("The acting account exists only during a request.")).GetActingSession();

    /// <summary>
    /// The acting account's user, tracked, so changes to it are saved with the request's context. A row
    /// that is gone (the account was deleted while this browser still listed it) ends the action with a
    /// challenge, as a page that requires an account does without one: never an error page.
    /// </summary>
    public async Task<User> GetUserAsync(CancellationToken cancellationToken)
    {
        // Keyed by the user: a request that starts acting as another account mid-way does not get the first one's row.
        var userId = Session.User.Id;
        if (_user?.Id != userId)
        {
            _user = await users.FindAsync(userId, cancellationToken) ?? throw new ActingAccountGoneException(userId);
        }

        return _user;
    }
}

/// <summary>The acting session's user has no row any more.</summary>
public sealed class ActingAccountGoneException(string userId) : Exception($"User {userId} has no row, though a session of this browser names it.")
{
    public string UserId { get; } = userId;
}

/// <summary>Turns <see cref="ActingAccountGoneException"/> into the multi-session scheme's challenge (sign-in or the chooser).</summary>
internal sealed class ActingAccountGoneFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is ActingAccountGoneException)
        {
            context.Result = new ChallengeResult();
            context.ExceptionHandled = true;
        }
    }
}
