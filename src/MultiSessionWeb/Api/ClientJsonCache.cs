using System.Runtime.CompilerServices;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Api;

/// <summary>
/// The client's JSON as last written for a browser. A single-page app asks for it on every page, and
/// it is a function of the browser's session list and of how many whole minutes ago each factor was
/// proved, so it is serialized again only when one of those changes.
/// </summary>
/// <remarks>
/// As with the account menu, the session list is compared by reference: it is the list the browser's
/// cached records hold, so any change to them writes a new answer and a list never serves two
/// browsers. Bounded: at most <see cref="Capacity"/> answers, each used for at most <see cref="MaxAge"/>.
/// </remarks>
public sealed class ClientJsonCache(TimeProvider time)
    : BoundedMemo<ClientJsonKey, string>(ClientJsonKey.Comparer, time, Capacity, MaxAge)
{
    public const int Capacity = 1_000;

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
}

/// <summary>Everything the client's JSON is written from: the same key writes the same JSON.</summary>
/// <param name="State">The browser's client, its session list being the very list its cached records hold.</param>
/// <param name="FactorAges">Each session's factor ages in whole minutes, in the order of the list.</param>
public readonly record struct ClientJsonKey(ClientState State, int[] FactorAges)
{
    public static IEqualityComparer<ClientJsonKey> Comparer { get; } = new KeyComparer();

    private sealed class KeyComparer : IEqualityComparer<ClientJsonKey>
    {
        public bool Equals(ClientJsonKey x, ClientJsonKey y) =>
            ReferenceEquals(x.State.Sessions, y.State.Sessions)
            && string.Equals(x.State.ClientId, y.State.ClientId, StringComparison.Ordinal)
            && string.Equals(x.State.ActiveSessionId, y.State.ActiveSessionId, StringComparison.Ordinal)
            && x.FactorAges.AsSpan().SequenceEqual(y.FactorAges);

        public int GetHashCode(ClientJsonKey key)
        {
            var hash = new HashCode();
            hash.Add(RuntimeHelpers.GetHashCode(key.State.Sessions));
            hash.Add(key.State.ActiveSessionId);
            foreach (var age in key.FactorAges)
            {
                hash.Add(age);
            }

            return hash.ToHashCode();
        }
    }
}
