using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Tests;

public sealed class ClientCookieSerializerTests
{
    private static readonly ClientCookieSerializer Serializer = ClientCookieSerializer.Default;

    [Fact]
    public void ACookieSurvivesTheRoundTrip()
    {
        var tickets = Enumerable.Range(0, 10)
            .Select(slot => new SessionTicket(OpaqueId.New(OpaqueId.SessionPrefix), slot * 3))
            .ToList();
        var cookie = new ClientCookie(OpaqueId.New(OpaqueId.ClientPrefix), ClientSecret.New(), tickets, tickets[4].SessionId);

        var bytes = Serializer.Serialize(cookie);
        var read = Serializer.Deserialize(bytes)!;

        Assert.Equal(205, bytes.Length);
        Assert.Equal(cookie.ClientId, read.ClientId);
        Assert.Equal(cookie.Secret, read.Secret);
        Assert.Equal(cookie.ActiveSessionId, read.ActiveSessionId);
        Assert.Equal(cookie.Tickets, read.Tickets);
    }

    [Fact]
    public void ACookieWithNoActiveSessionSaysSo()
    {
        var cookie = new ClientCookie(OpaqueId.New(OpaqueId.ClientPrefix), ClientSecret.New(), [], null);

        var read = Serializer.Deserialize(Serializer.Serialize(cookie))!;

        Assert.Null(read.ActiveSessionId);
        Assert.Empty(read.Tickets);
    }

    public static TheoryData<byte[]> Malformed => new()
    {
        // Shorter than the header: these stop at the length check.
        Array.Empty<byte>(),
        new byte[] { 3, 0, 0 },
        new byte[] { 2, 1, 2, 3 },
        // Well-formed in every byte but the version: only the version check turns these away.
        OneAccountCookie(version: 0),
        OneAccountCookie(version: 1),
        OneAccountCookie(version: 3),
        OneAccountCookie(version: 0xFF),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedBytesReadAsNothing(byte[] data) => Assert.Null(Serializer.Deserialize(data));

    [Fact]
    public void TheWellFormedCookieTheMalformedCasesStartFromIsReadable() =>
        Assert.NotNull(Serializer.Deserialize(OneAccountCookie(version: V2.Version)));

    [Fact]
    public void AVersion1CookieReadsAsNothing()
    {
        // One account, no secret, as version 1 wrote it.
        var bytes = new byte[V1.HeaderLength + V1.TicketLength];
        bytes[V1.VersionOffset] = 1;
        bytes[V1.ActiveOffset] = 0;
        bytes[V1.CountOffset] = 1;

        Assert.Null(Serializer.Deserialize(bytes));
    }

    [Fact]
    public void ACountThatDisagreesWithTheLengthReadsAsNothing()
    {
        var bytes = OneAccountCookie(version: V2.Version);

        bytes[V2.CountOffset] = 2;
        Assert.Null(Serializer.Deserialize(bytes));
        bytes[V2.CountOffset] = 1;
        bytes[V2.ActiveOffset] = 5; // active index past the tickets
        Assert.Null(Serializer.Deserialize(bytes));
    }

    [Fact]
    public void AnIdThatIsNotOursCannotBeWritten()
    {
        var cookie = new ClientCookie("client_short", ClientSecret.New(), [], null);

        Assert.Throws<ArgumentException>(() => Serializer.Serialize(cookie));
    }

    [Fact]
    public void ASecretOfTheWrongLengthCannotBeWritten()
    {
        var cookie = new ClientCookie(OpaqueId.New(OpaqueId.ClientPrefix), new byte[8], [], null);

        Assert.Throws<ArgumentException>(() => Serializer.Serialize(cookie));
    }

    /// <summary>A serialized cookie with one account (not the active one), its first byte set to <paramref name="version"/>.</summary>
    private static byte[] OneAccountCookie(byte version)
    {
        var cookie = new ClientCookie(
            OpaqueId.New(OpaqueId.ClientPrefix), ClientSecret.New(), [new SessionTicket(OpaqueId.New(OpaqueId.SessionPrefix), 0)], null);
        var bytes = Serializer.Serialize(cookie);
        bytes[V2.VersionOffset] = version;
        return bytes;
    }

    /// <summary>
    /// Where the bytes are in today's layout, as the summary of <see cref="ClientCookieSerializer"/> gives it:
    /// version | client id (16) | client secret (16) | active ticket index | count | count × (slot | session id (16)).
    /// </summary>
    private static class V2
    {
        public const byte Version = 2;
        public const int VersionOffset = 0;
        public const int ActiveOffset = 1 + OpaqueId.ByteLength + ClientSecret.ByteLength;
        public const int CountOffset = ActiveOffset + 1;
    }

    /// <summary>Version 1's layout: version | client id (16) | active ticket index | count | count × (slot | session id (16) | user id (16)).</summary>
    private static class V1
    {
        public const int VersionOffset = 0;
        public const int ActiveOffset = 1 + 16;
        public const int CountOffset = ActiveOffset + 1;
        public const int HeaderLength = CountOffset + 1;
        public const int TicketLength = 1 + 16 + 16;
    }
}
