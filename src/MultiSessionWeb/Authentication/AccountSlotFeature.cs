namespace MultiSessionWeb.Authentication;

/// <summary>Set for a request under <c>/u/{slot}/</c>: it acts as that slot's account.</summary>
/// <param name="Slot">The slot named in the path.</param>
/// <param name="RootPathBase">The path base without the <c>/u/{slot}</c> part.</param>
public sealed record AccountSlotFeature(int Slot, PathString RootPathBase);

public static class AccountSlotHttpContextExtensions
{
    /// <summary>The app's path base without a <c>/u/{slot}</c> prefix: where account-wide pages live.</summary>
    public static PathString GetRootPathBase(this HttpContext context) =>
        context.Features.Get<AccountSlotFeature>()?.RootPathBase ?? context.Request.PathBase;
}
