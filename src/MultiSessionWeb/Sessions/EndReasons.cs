namespace MultiSessionWeb.Sessions;

/// <summary>Why a session ended, as stored in <c>Sessions.EndReason</c>.</summary>
public static class EndReasons
{
    public const string SignedOut = "signed-out";
    public const string SignedOutAll = "signed-out-all";
    public const string Lifetime = "lifetime";
}
