// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// What a monitor can tell of a Socket.IO app's WebSocket traffic: the Engine.IO (v4) packet a text frame holds, and
// the Socket.IO (v5) packet in an Engine.IO message, as socket.io-protocol writes them:
// <type>[<attachments>-][<namespace>,][<ack id>][<JSON>].
namespace Duplex::SocketIo {

struct Packet
{
    QString engine; // "open", "close", "ping", "pong", "message", "upgrade" or "noop"
    QString socket; // in a message: "CONNECT", "DISCONNECT", "EVENT", "ACK", "CONNECT_ERROR", "BINARY_EVENT" or
                    // "BINARY_ACK"
    QString nameSpace = QStringLiteral("/");
    std::optional<qint64> ackId;
    int attachments = 0; // binary frames that follow a BINARY_ packet
    QString event;       // an EVENT's name
    QByteArray data;     // the JSON after the header (an open's handshake, a packet's payload), or a ping's "probe"
};

// Nothing unless text is such a packet exactly, so that plain text which happens to start with a digit ("2 cats")
// is not taken for one: each type's payload must be what socket.io-parser accepts for it.
std::optional<Packet> decode(const QByteArray &text);
// "Socket.IO EVENT “chat” · namespace /admin · ack 12", "Engine.IO ping (probe)".
QString describe(const Packet &packet);

} // namespace Duplex::SocketIo
