using System.Runtime.CompilerServices;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Accounts;

/// <summary>
/// The account menu as last drawn for a browser. The menu is on every page and, with ten accounts,
/// is most of the page's work; yet it is drawn from a few inputs that stay the same from one page to
/// the next, so it is drawn again only when one of them changes.
/// </summary>
/// <remarks>
/// The browser's session list is compared by reference: it is the instance the browser's cached
/// records hold (<see cref="ClientSessionCache"/>), so any change to the records — a switch, a sign-in,
/// a rename read from the database — is a new list and draws a new menu, and a list never belongs to
/// two browsers. The antiforgery token in the key is bound to the browser as well. Bounded like the
/// other memos: at most <see cref="Capacity"/> menus, each used for at most <see cref="MaxAge"/>.
/// </remarks>
public sealed class AccountMenuCache(TimeProvider time)
    : BoundedMemo<AccountMenuKey, string>(AccountMenuKey.Comparer, time, Capacity, MaxAge)
{
    public const int Capacity = 1_000;

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
}

/// <summary>Everything the account menu is drawn from: the same key draws the same menu.</summary>
/// <param name="Sessions">The browser's accounts, the very list its cached records hold.</param>
/// <param name="ActingSessionId">The account the page acts as.</param>
/// <param name="Slot">The tab's slot, when the page is under <c>/u/{slot}/</c>.</param>
/// <param name="ReturnUrl">The page, with its path base, that switch and sign-out come back to.</param>
/// <param name="AntiforgeryToken">The request token the menu's forms carry.</param>
public readonly record struct AccountMenuKey(
    IReadOnlyList<ClientSession> Sessions, string ActingSessionId, int? Slot, string ReturnUrl, string AntiforgeryToken)
{
    public static IEqualityComparer<AccountMenuKey> Comparer { get; } = new KeyComparer();

    private sealed class KeyComparer : IEqualityComparer<AccountMenuKey>
    {
        public bool Equals(AccountMenuKey x, AccountMenuKey y) =>
            ReferenceEquals(x.Sessions, y.Sessions)
            && string.Equals(x.ActingSessionId, y.ActingSessionId, StringComparison.Ordinal)
            && x.Slot == y.Slot
            && string.Equals(x.ReturnUrl, y.ReturnUrl, StringComparison.Ordinal)
            && string.Equals(x.AntiforgeryToken, y.AntiforgeryToken, StringComparison.Ordinal);

        public int GetHashCode(AccountMenuKey key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Sessions), key.ActingSessionId, key.Slot, key.ReturnUrl, key.AntiforgeryToken);
    }
}
