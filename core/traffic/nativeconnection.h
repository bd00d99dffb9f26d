// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "traffic/carrier.h"
#include "traffic/connection.h"
#include "traffic/wiretap.h"
#include "wire/frameencoder.h"
#include "wire/httphead.h"
#include "wire/messageassembler.h"

class QTcpSocket;

namespace Duplex {

// One open WebSocket connection served by Duplex's own RFC 6455 code, in either role: the server's side of an
// upgrade the gateway admitted, or a client session's side of a connection it opened. Every byte both ways goes
// through a WireTap into the traffic log: the decoder that records the peer's frames is the one that serves them,
// and our frames are recorded as they are written. It is strict where QtWebSockets 6.4.2 is lax or wrong: a
// peer's frame masked the wrong way fails the connection with 1002, invalid UTF-8 with 1007 as soon as it shows,
// a message over the limit with 1009, while valid UTF-8 split across fragments is delivered.
class NativeConnection final : public Connection, private Carrier::Listener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NativeConnection)

public:
    enum class Role : quint8 { Server, Client };

    // For the peer to answer our close frame, or to take our last bytes once the connection is closing.
    static constexpr std::chrono::seconds closeGrace {5};

    // The server's side: takes over socket, whose admitted request head (head, headLength bytes) is still unread,
    // and answers it with 101. Client messages larger than maxMessageBytes close the connection with 1009.
    static NativeConnection *accept(QTcpSocket *socket, const HttpHead &head, qsizetype headLength,
        quint64 maxMessageBytes, TrafficLog &log, QObject *parent = nullptr);
    // Serves the connection to peer ("address:port") that carrier carries, once tap has seen both heads of a
    // successful upgrade; early holds what the peer sent after its head and was read already. Takes over the carrier.
    NativeConnection(Role role, Carrier *carrier, QString peer, std::unique_ptr<WireTap> tap, QByteArray early = {},
        QObject *parent = nullptr);

    void sendText(const QByteArray &utf8) override;
    void sendPreparedText(const FrameEncoder::PreparedFrame &serverFrame, const QString &text) override;
    void sendBinary(const QByteArray &message) override;
    bool ping(const QByteArray &payload) override;
    // A pong nobody asked for, a one-way heartbeat (§5.5.3); false when nothing was sent.
    bool pong(const QByteArray &payload);
    // A text or binary message in frames of at most fragmentBytes payload each, its first with the opcode and the
    // rest continuations (§5.4): what a person sends to see a server put a message together.
    void sendFragmented(quint8 opcode, const QByteArray &message, qsizetype fragmentBytes);
    void close(quint16 code, const QString &reason) override;
    void abort() override;
    qint64 bytesToWrite() const override { return m_carrier->bytesToWrite(); }
    quint16 closeCode() const override;

    quint64 connectionId() const { return m_tap->connectionId(); }
    // How the connection ended, as the log has it, once disconnected() came.
    const ConnectionClosed &closed() const { return m_closed; }
    // The peer's violation that failed the connection, if one did.
    std::optional<Violation> violation() const;

Q_SIGNALS:
    // To the kernel, frames and all.
    void bytesWritten(qint64 bytes);

protected:
    void connectNotify(const QMetaMethod &signal) override;

private:
    void received(QByteArrayView bytes) override;
    void written(qint64 bytes) override;
    void gone() override;
    void receive(QByteArrayView bytes);
    void take(const Frame &frame);
    void onCloseFrame(const Frame &frame);
    void send(quint8 opcode, const QByteArray &payload, bool fin = true, quint8 messageOpcode = 0);
    // Into the tap, then towards the peer.
    void transmit(const FrameEncoder::PreparedFrame &frame, Carrier::Write write);
    void fail(const Violation &violation);
    void hangUp();

    enum class State {
        Open,
        Closing, // our close frame has gone; the peer's messages are still delivered until it answers
        Closed,  // nothing more is sent, and what the peer still sends is dropped
    };

    Role m_role;
    Carrier *m_carrier;
    std::unique_ptr<WireTap> m_tap;
    QByteArray m_early;
    QList<Frame> m_received;      // what the last read completed
    MessageAssembler m_assembler; // of the peer's messages
    State m_state = State::Open;
    std::optional<quint16> m_closeCode;
    ConnectionClosed m_closed;
    bool m_bytesWrittenHeard = false; // told only once someone listens: nobody pays for progress nobody shows
};

} // namespace Duplex
