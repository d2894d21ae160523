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

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 3, 0, 0 })]
    [InlineData(new byte[] { 2, 1, 2, 3 })]
    public void MalformedBytesReadAsNothing(byte[] data) => Assert.Null(Serializer.Deserialize(data));

    [Fact]
    public void AVersion1CookieReadsAsNothing()
    {
        // version | client id | active index | count | (slot | session id | user id): one account, no secret.
        var bytes = new byte[1 + 16 + 1 + 1 + 33];
        bytes[0] = 1;
        bytes[17] = 0;
        bytes[18] = 1;

        Assert.Null(Serializer.Deserialize(bytes));
    }

    [Fact]
    public void ACountThatDisagreesWithTheLengthReadsAsNothing()
    {
        var cookie = new ClientCookie(
            OpaqueId.New(OpaqueId.ClientPrefix), ClientSecret.New(), [new SessionTicket(OpaqueId.New(OpaqueId.SessionPrefix), 0)], null);
        var bytes = Serializer.Serialize(cookie);

        bytes[34] = 2;
        Assert.Null(Serializer.Deserialize(bytes));
        bytes[34] = 1;
        bytes[33] = 5; // active index past the tickets
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
}
