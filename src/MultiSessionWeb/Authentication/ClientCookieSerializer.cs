using Microsoft.AspNetCore.Authentication;
using MultiSessionWeb.Data;

namespace MultiSessionWeb.Authentication;

/// <summary>
/// A compact binary layout, because the cookie travels with every request and must stay one cookie:
/// <c>version | client id (16) | active ticket index (0xFF: none) | count | count × (slot | session id (16) | user id (16))</c>.
/// Ten accounts take 349 bytes before protection.
/// </summary>
public sealed class ClientCookieSerializer : IDataSerializer<ClientCookie>
{
    public const int MaxTickets = 254;

    private const byte FormatVersion = 1;
    private const byte NoActiveTicket = 0xFF;
    private const int HeaderLength = 1 + OpaqueId.ByteLength + 1 + 1;
    private const int TicketLength = 1 + (2 * OpaqueId.ByteLength);

    public static ClientCookieSerializer Default { get; } = new();

    public byte[] Serialize(ClientCookie model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Tickets.Count > MaxTickets)
        {
            throw new ArgumentException($"A client cookie holds at most {MaxTickets} tickets.", nameof(model));
        }

        var buffer = new byte[HeaderLength + (model.Tickets.Count * TicketLength)];
        buffer[0] = FormatVersion;
        WriteId(OpaqueId.ClientPrefix, model.ClientId, buffer.AsSpan(1));
        buffer[1 + OpaqueId.ByteLength] = NoActiveTicket;
        buffer[2 + OpaqueId.ByteLength] = (byte)model.Tickets.Count;

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
                buffer[1 + OpaqueId.ByteLength] = (byte)i;
            }

            buffer[offset] = (byte)ticket.Slot;
            WriteId(OpaqueId.SessionPrefix, ticket.SessionId, buffer.AsSpan(offset + 1));
            WriteId(OpaqueId.UserPrefix, ticket.UserId, buffer.AsSpan(offset + 1 + OpaqueId.ByteLength));
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

        var count = data[2 + OpaqueId.ByteLength];
        var activeIndex = data[1 + OpaqueId.ByteLength];
        if (data.Length != HeaderLength + (count * TicketLength) || (activeIndex != NoActiveTicket && activeIndex >= count))
        {
            return null;
        }

        var tickets = new SessionTicket[count];
        var offset = HeaderLength;
        for (var i = 0; i < count; i++)
        {
            var session = data.AsSpan(offset + 1, OpaqueId.ByteLength);
            var user = data.AsSpan(offset + 1 + OpaqueId.ByteLength, OpaqueId.ByteLength);
            tickets[i] = new SessionTicket(
                OpaqueId.Format(OpaqueId.SessionPrefix, session), data[offset], OpaqueId.Format(OpaqueId.UserPrefix, user));
            offset += TicketLength;
        }

        var clientId = OpaqueId.Format(OpaqueId.ClientPrefix, data.AsSpan(1, OpaqueId.ByteLength));
        var active = activeIndex == NoActiveTicket ? null : tickets[activeIndex].SessionId;
        return new ClientCookie(clientId, tickets, active);
    }

    private static void WriteId(string prefix, string id, Span<byte> destination)
    {
        if (!OpaqueId.TryGetBytes(prefix, id, destination))
        {
            throw new ArgumentException($"'{id}' is not a {prefix}… id.", nameof(id));
        }
    }
}
