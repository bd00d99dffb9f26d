// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTcpSocket>

#include <memory>

#include "traffic/connection.h"
#include "traffic/wiretap.h"
#include "wire/frameencoder.h"
#include "wire/httphead.h"
#include "wire/messageassembler.h"

namespace Duplex {

// One open WebSocket connection served by Duplex's own RFC 6455 code, in either role: the server's side of an
// upgrade the gateway admitted, or a client session's side of a connection it opened. Every byte both ways goes
// through a WireTap into the traffic log: the decoder that records the peer's frames is the one that serves them,
// and our frames are recorded as they are written. It is strict where QtWebSockets 6.4.2 is lax or wrong: a
// peer's frame masked the wrong way fails the connection with 1002, invalid UTF-8 with 1007 as soon as it shows,
// a message over the limit with 1009, while valid UTF-8 split across fragments is delivered.
class NativeConnection final : public Connection
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
    // Serves socket once tap has seen both heads of a successful upgrade; early holds what the peer sent after
    // its head and was read already. Takes over the socket.
    NativeConnection(
        Role role, QTcpSocket *socket, std::unique_ptr<WireTap> tap, QByteArray early = {}, QObject *parent = nullptr);

    void sendText(const QString &message) override;
    void sendPreparedText(const QString &message, const FrameEncoder::PreparedFrame &serverFrame) override;
    void sendBinary(const QByteArray &message) override;
    bool ping(const QByteArray &payload) override;
    void close(quint16 code, const QString &reason) override;
    void abort() override;
    qint64 bytesToWrite() const override { return m_socket->bytesToWrite() + m_unsentBytes; }
    quint16 closeCode() const override;

    quint64 connectionId() const { return m_tap->connectionId(); }
    // How the connection ended, as the log has it, once disconnected() came.
    const ConnectionClosed &closed() const { return m_closed; }
    // The peer's violation that failed the connection, if one did.
    std::optional<Violation> violation() const;

Q_SIGNALS:
    // To the socket, frames and all.
    void bytesWritten(qint64 bytes);

protected:
    void connectNotify(const QMetaMethod &signal) override;

private:
    void onReadyRead();
    void receive(QByteArrayView bytes);
    void take(const Frame &frame);
    void onCloseFrame(const Frame &frame);
    void send(quint8 opcode, const QByteArray &payload);
    // A frame of one connection's own goes to the kernel at once; a broadcast's is gathered with the others the
    // same pass of the event loop writes to this socket (a busy room sends many).
    enum class Write : quint8 { Now, Gathered };
    void transmit(const FrameEncoder::PreparedFrame &frame, Write write); // into the tap, then towards the peer
    void writeUnsent(qint64 highWater);
    void hearBytesWritten();
    void onBytesWritten(qint64 bytes);
    void fail(const Violation &violation);
    void hangUp();
    void onSocketGone();

    enum class State {
        Open,
        Closing, // our close frame has gone; the peer's messages are still delivered until it answers
        Closed,  // nothing more is sent, and what the peer still sends is dropped
    };

    Role m_role;
    QTcpSocket *m_socket;
    std::unique_ptr<WireTap> m_tap;
    QByteArray m_early;
    // Frames wait here until the socket has less than a high-water mark queued, so a large message leaves as the
    // peer takes it (and its progress can be told) instead of all at once into the socket's buffer.
    QList<QByteArray> m_unsent;   // empty, it holds no memory (a connection at rest costs nothing here)
    qsizetype m_unsentOffset = 0; // into m_unsent.first()
    qint64 m_unsentBytes = 0;
    bool m_hearingBytesWritten = false;
    QList<Frame> m_received;      // what the last read completed
    MessageAssembler m_assembler; // of the peer's messages
    State m_state = State::Open;
    std::optional<quint16> m_closeCode;
    ConnectionClosed m_closed;
};

} // namespace Duplex
