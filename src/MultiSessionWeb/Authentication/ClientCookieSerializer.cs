using Microsoft.AspNetCore.Authentication;
using MultiSessionWeb.Data;
using MultiSessionWeb.Sessions;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// A compact binary layout, because the cookie travels with every request and must stay one cookie:
/// <c>version | client id (16) | client secret (16) | active ticket index (0xFF: none) | count | count × (slot | session id (16))</c>.
/// Ten accounts take 205 bytes before protection. Version 1 (which had a user id in each ticket and
/// no secret) is no longer read: such a cookie counts as unreadable, so the browser starts afresh.
/// </summary>
public sealed class ClientCookieSerializer : IDataSerializer<ClientCookie>
{
    public const int MaxTickets = SessionStore.MaxSlots;

    private const byte FormatVersion = 2;
    private const byte NoActiveTicket = 0xFF;
    private const int SecretOffset = 1 + OpaqueId.ByteLength;
    private const int ActiveOffset = SecretOffset + ClientSecret.ByteLength;
    private const int CountOffset = ActiveOffset + 1;
    private const int HeaderLength = CountOffset + 1;
    private const int TicketLength = 1 + OpaqueId.ByteLength;

    public static ClientCookieSerializer Default { get; } = new();

    public byte[] Serialize(ClientCookie model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Tickets.Count > MaxTickets)
        {
            throw new ArgumentException($"A client cookie holds at most {MaxTickets} tickets.", nameof(model));
        }

        if (model.Secret.Length != ClientSecret.ByteLength)
        {
            throw new ArgumentException($"A client secret is {ClientSecret.ByteLength} bytes.", nameof(model));
        }

        var buffer = new byte[HeaderLength + (model.Tickets.Count * TicketLength)];
        buffer[0] = FormatVersion;
        WriteId(OpaqueId.ClientPrefix, model.ClientId, buffer.AsSpan(1));
        model.Secret.CopyTo(buffer.AsSpan(SecretOffset));
        buffer[ActiveOffset] = NoActiveTicket;
        buffer[CountOffset] = (byte)model.Tickets.Count;

        var offset = HeaderLength;
        for (var i = 0; i < model.Tickets.Count; i++)
        {
            var ticket = model.Tickets[i];
            if (ticket.Slot is < 0 or > byte.MaxValue)
            {
                throw new ArgumentException($"Slot {ticket.Slot} does not fit in a ticket.", nameof(model));
            }

            if (ticket.SessionId == model.ActiveSessionId)
            {
                buffer[ActiveOffset] = (byte)i;
            }

            buffer[offset] = (byte)ticket.Slot;
            WriteId(OpaqueId.SessionPrefix, ticket.SessionId, buffer.AsSpan(offset + 1));
            offset += TicketLength;
        }

        return buffer;
    }

    /// <summary>Null for anything that is not a well-formed cookie of this version.</summary>
    public ClientCookie? Deserialize(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < HeaderLength || data[0] != FormatVersion)
        {
            return null;
        }

        var count = data[CountOffset];
        var activeIndex = data[ActiveOffset];
        if (data.Length != HeaderLength + (count * TicketLength) || (activeIndex != NoActiveTicket && activeIndex >= count))
        {
            return null;
        }

        var tickets = new SessionTicket[count];
        var offset = HeaderLength;
        for (var i = 0; i < count; i++)
        {
            var session = data.AsSpan(offset + 1, OpaqueId.ByteLength);
            tickets[i] = new SessionTicket(OpaqueId.Format(OpaqueId.SessionPrefix, session), data[offset]);
            offset += TicketLength;
        }

        var clientId = OpaqueId.Format(OpaqueId.ClientPrefix, data.AsSpan(1, OpaqueId.ByteLength));
        var active = activeIndex == NoActiveTicket ? null : tickets[activeIndex].SessionId;
        var secret = data.AsSpan(SecretOffset, ClientSecret.ByteLength).ToArray();
        return new ClientCookie(clientId, secret, tickets, active);
    }

    private static void WriteId(string prefix, string id, Span<byte> destination)
    {
        if (!OpaqueId.TryGetBytes(prefix, id, destination))
        {
            throw new ArgumentException($"'{id}' is not a {prefix}… id.", nameof(id));
        }
    }
}
