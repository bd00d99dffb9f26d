// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <optional>
#include <variant>

#include "wire/serversentevents.h"
#include "wire/websocketframe.h"

namespace Duplex {

// What the traffic log holds: one record per event on the wire, each of one of these kinds.

struct ConnectionOpened
{
    QString peer;    // the other end, as endpoint() writes it
    QByteArray path; // the request target's path
    // Our end, of a connection our client made: when the other end is our own room, its record of the connection
    // has this as its peer (the two are one conversation).
    QString local {};
    // The client a connection of our relay is carried for ("address:port"); the relay's end upstream is local.
    QString relayedFor {};
    // Of a relay's connection with its client in intercept mode, the server it is carried to ("host:port"): the relay
    // is this connection's server end, and its connection upstream names the client in relayedFor.
    QString relayedTo {};

    // "address:port", with an IPv6 address in brackets. An IPv4 peer of a dual-stack listener (::ffff:a.b.c.d)
    // shows as the IPv4 address it is.
    static QString endpoint(const QHostAddress &address, quint16 port)
    {
        bool isV4 = false;
        const quint32 v4 = address.toIPv4Address(&isV4);
        const QString host = isV4 ? QHostAddress(v4).toString() : u'[' + address.toString() + u']';
        return host + u':' + QString::number(port);
    }
    // The opening of a connection our client made on socket, both ends named.
    static ConnectionOpened ofClient(const QAbstractSocket &socket, const QByteArray &path);
};

struct HandshakeExchanged
{
    QByteArray request; // both heads exactly as they crossed the wire
    QByteArray response;
};

// A plain HTTP request answered without an upgrade (a page, a poll, a refusal, the start of an SSE stream).
struct HttpExchange
{
    // Head and body as they crossed the wire (Content-Length tells a body's length when its bytes were dropped); of a
    // request refused unread, as much as arrived; of a stream's response, the head (its events are records of their
    // own).
    QByteArray request;
    int status = 0;
    QByteArray reason; // why a request was refused before it was read whole
    QByteArray response;
    qint64 heldUs = 0; // from the request's last byte to the answer (a long poll's hold)
};

// One event of a text/event-stream answer, server to client.
struct SseEvent
{
    QByteArray type; // the "event:" field; empty for none
    QByteArray id;   // the "id:" field; empty for none
    QByteArray data;
    qint64 dataLength = -1; // the data's whole length when not all of it was kept; -1: kept whole

    qint64 length() const { return dataLength < 0 ? data.size() : dataLength; }
    // Exactly as they crossed the wire (as far as its data was kept).
    QByteArray bytes() const { return ServerSentEvents::event(type, data, id); }
};

struct ProtocolViolation
{
    Direction direction = Direction::ClientToServer;
    Violation violation;
};

// Who started the end of a connection: one side's close frame, Duplex's protocol guard, or nobody (the TCP
// connection just went away).
enum class Closer : quint8 { Client, Server, Guard, Nobody };

struct ConnectionClosed
{
    Closer closer = Closer::Nobody;
    std::optional<quint16> code;
    QByteArray reason;
    bool clean = false; // close frames went both ways before TCP closed (§7.1.1)
};

struct TrafficRecord
{
    qint64 timeUs = -1;     // on the log's monotonic clock; -1 until the log stamps it
    quint64 connection = 0; // 0 for events outside any connection
    using Event = std::variant<ConnectionOpened, HandshakeExchanged, Frame, HttpExchange, SseEvent, ProtocolViolation,
        ConnectionClosed>;
    Event event;
    quint64 session = 0; // the client session whose connection this is; 0 for connections to our server
    // A memory budget took the payload (a frame's, an event's data, a body); the lengths and heads stay.
    bool payloadDropped = false;
};

// The payload bytes a record holds, and dropping them: what a PayloadBudget needs. Heads and control frames (at most
// 125 bytes, and their meaning: a close code, a ping's answer) are neither counted nor dropped.
qint64 heldPayloadBytes(const TrafficRecord &record);
void dropPayload(TrafficRecord &record);

} // namespace Duplex
