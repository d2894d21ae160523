using MultiSessionWeb.Authentication;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Tests;

public sealed class ClientCookieSerializerTests
{
    private static readonly ClientCookieSerializer Serializer = ClientCookieSerializer.Default;

    [Fact]
    public void ACookieSurvivesTheRoundTrip()
    {
        var tickets = Enumerable.Range(0, 10)
            .Select(slot => new SessionTicket(OpaqueId.New(OpaqueId.SessionPrefix), slot * 3, OpaqueId.New(OpaqueId.UserPrefix)))
            .ToList();
        var cookie = new ClientCookie(OpaqueId.New(OpaqueId.ClientPrefix), tickets, tickets[4].SessionId);

        var bytes = Serializer.Serialize(cookie);
        var read = Serializer.Deserialize(bytes)!;

        Assert.Equal(349, bytes.Length);
        Assert.Equal(cookie.ClientId, read.ClientId);
        Assert.Equal(cookie.ActiveSessionId, read.ActiveSessionId);
        Assert.Equal(cookie.Tickets, read.Tickets);
    }

    [Fact]
    public void ACookieWithNoActiveSessionSaysSo()
    {
        var cookie = new ClientCookie(OpaqueId.New(OpaqueId.ClientPrefix), [], null);

        var read = Serializer.Deserialize(Serializer.Serialize(cookie))!;

        Assert.Null(read.ActiveSessionId);
        Assert.Empty(read.Tickets);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0 })]
    [InlineData(new byte[] { 1, 1, 2, 3 })]
    public void MalformedBytesReadAsNothing(byte[] data) => Assert.Null(Serializer.Deserialize(data));

    [Fact]
    public void ACountThatDisagreesWithTheLengthReadsAsNothing()
    {
        var cookie = new ClientCookie(OpaqueId.New(OpaqueId.ClientPrefix), [new SessionTicket(OpaqueId.New(OpaqueId.SessionPrefix), 0, OpaqueId.New(OpaqueId.UserPrefix))], null);
        var bytes = Serializer.Serialize(cookie);

        bytes[18] = 2;
        Assert.Null(Serializer.Deserialize(bytes));
        bytes[18] = 1;
        bytes[17] = 5; // active index past the tickets
        Assert.Null(Serializer.Deserialize(bytes));
    }

    [Fact]
    public void AnIdThatIsNotOursCannotBeWritten()
    {
        var cookie = new ClientCookie("client_short", [], null);

        Assert.Throws<ArgumentException>(() => Serializer.Serialize(cookie));
    }
}
