using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Data;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Passkeys;
using MultiSessionWeb.Reverification;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Profile;

/// <summary>The account's passkeys: list, add (at most <see cref="Limits.PasskeysPerAccount"/>), rename, remove.</summary>
[Authorize]
[Route("account/passkeys")]
public sealed class PasskeysController(
    PasskeyStore passkeys,
    PasskeyCeremonies ceremonies,
    PasskeyReverification passkeyReverification,
    ReverificationService reverification,
    SecurityActivity activity,
    ActingAccount account,
    AppUrls urls) : Controller
{
    [HttpGet("")]
    public Task<IActionResult> Index(CancellationToken cancellationToken) => PageAsync(new RemovePasskeyInput(), cancellationToken);

    [HttpPost("add"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Add(AddPasskeyInput input, CancellationToken cancellationToken)
    {
        var user = await account.GetUserAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError("", this.FirstModelError());
            return await PageAsync(new RemovePasskeyInput(), cancellationToken);
        }

        if (await passkeys.CountAsync(user.Id, cancellationToken) >= Limits.PasskeysPerAccount)
        {
            ModelState.AddModelError("", TooMany);
            return await PageAsync(new RemovePasskeyInput(), cancellationToken);
        }

        var name = string.IsNullOrWhiteSpace(input.Name) ? DefaultName() : input.Name.Trim();
        var result = await ceremonies.FinishRegistrationAsync(user, name, input.Credential, input.PasskeyState, cancellationToken);
        if (result.Added is not { } added)
        {
            ModelState.AddModelError("", result.Problem!);
            return await PageAsync(new RemovePasskeyInput(), cancellationToken);
        }

        if (!await passkeys.AddAsync(added, cancellationToken))
        {
            ModelState.AddModelError("", $"{TooMany} Or this passkey is already registered.");
            return await PageAsync(new RemovePasskeyInput(), cancellationToken);
        }

        await activity.RecordAsync(user.Id, SecurityEventTypes.PasskeyAdded, HttpContext, added.Name, account.Session.Id);
        this.Notify($"Passkey \"{added.Name}\" added. You can now sign in with it.");
        return LocalRedirect(urls.Account.Passkeys());
    }

    [HttpPost("rename"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Rename(RenamePasskeyInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError("", this.FirstModelError());
            return await PageAsync(new RemovePasskeyInput(), cancellationToken);
        }

        if (!await passkeys.RenameAsync(account.Session.User.Id, input.PasskeyId, input.Name.Trim(), cancellationToken))
        {
            ModelState.AddModelError("", Gone);
            return await PageAsync(new RemovePasskeyInput(), cancellationToken);
        }

        this.Notify($"Passkey renamed to \"{input.Name.Trim()}\".");
        return LocalRedirect(urls.Account.Passkeys());
    }

    [HttpPost("remove"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Remove([Bind(Prefix = nameof(PasskeysModel.Remove))] RemovePasskeyInput input, CancellationToken cancellationToken)
    {
        var session = account.Session;
        var user = await account.GetUserAsync(cancellationToken);
        if (ModelState.GetFieldValidationState($"{nameof(PasskeysModel.Remove)}.{nameof(input.PasskeyId)}") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.AddModelError("", this.FirstModelError());
            return await PageAsync(input with { Password = "" }, cancellationToken);
        }

        ReverificationOutcome? outcome;
        if (await passkeyReverification.NeedsAsync(session, user, cancellationToken) == ConfirmWith.Passkey)
        {
            // No password to ask for: the account's own passkey confirms it (the form above the list).
            outcome = ReverificationOutcome.Missing;
            ModelState.AddModelError("", $"Confirm with a passkey first: removing one needs it within the last {reverification.WindowText}.");
        }
        else
        {
            outcome = await reverification.CheckAsync(session, user, input.Password, ModelState.IsValid, cancellationToken);
            ModelState.AddConfirmItsYouError(outcome, $"{nameof(PasskeysModel.Remove)}.{nameof(input.Password)}", new(
                Missing: "Enter your password to remove a passkey.",
                Wrong: "That is not your password.",
                NeedsFreshSignIn: $"Removing a passkey needs a fresh sign-in: sign out, sign in again, and come back within {reverification.WindowText}."));
        }

        if (!ModelState.IsValid || outcome is not (ReverificationOutcome.Confirmed or ReverificationOutcome.NotNeeded))
        {
            return await PageAsync(input with { Password = "" }, cancellationToken);
        }

        if (outcome == ReverificationOutcome.Confirmed)
        {
            await reverification.MarkReverifiedAsync(HttpContext, session);
        }

        var own = await passkeys.ListAsync(user.Id, cancellationToken);
        var removed = own.Find(p => p.Id == input.PasskeyId);
        if (removed is null || !await passkeys.RemoveAsync(user.Id, removed.Id, cancellationToken))
        {
            ModelState.AddModelError("", Gone);
            return await PageAsync(input with { Password = "" }, cancellationToken);
        }

        await activity.RecordAsync(user.Id, SecurityEventTypes.PasskeyRemoved, HttpContext, removed.Name, session.Id);
        this.Notify($"Passkey \"{removed.Name}\" removed. It no longer signs in to this account.");
        return LocalRedirect(urls.Account.Passkeys());
    }

    /// <summary>"Confirm with a passkey" from any page that asks to confirm it's you.</summary>
    [HttpPost("confirm"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Confirm(PasskeyAnswerInput input, string? returnUrl, CancellationToken cancellationToken)
    {
        var problem = ModelState.IsValid
            ? await passkeyReverification.ConfirmAsync(HttpContext, account.Session, input.Credential, input.PasskeyState, cancellationToken)
            : PasskeyCeremonies.Failed;
        if (problem is not null)
        {
            ModelState.AddModelError("", problem);
            return await PageAsync(new RemovePasskeyInput(), cancellationToken);
        }

        this.Notify("Confirmed with your passkey.");
        return LocalRedirect(ControllerExtensions.LocalUrlOrHome(Url, returnUrl));
    }

    private const string TooMany = "This account has the most passkeys it can hold (10). Remove one to add another.";
    private const string Gone = "That passkey is not on this account any more.";

    private async Task<IActionResult> PageAsync(RemovePasskeyInput remove, CancellationToken cancellationToken)
    {
        var session = account.Session;
        var user = await account.GetUserAsync(cancellationToken);
        var own = await passkeys.ListAsync(user.Id, cancellationToken);
        var add = own.Count < Limits.PasskeysPerAccount ? ceremonies.StartRegistration(user, own) : null;
        var needs = await passkeyReverification.NeedsAsync(session, user, cancellationToken);
        return View(nameof(Index), new PasskeysModel(own, add, needs, remove));
    }

    private string DefaultName() => DeviceDescription.Describe(Request.Headers.UserAgent.ToString()) is { Length: > 0 and <= Limits.PasskeyNameLength } d ? d : "Passkey";
}
