// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTcpSocket>

#include "server/connection.h"
#include "traffic/wiretap.h"
#include "wire/httphead.h"
#include "wire/messageassembler.h"

namespace Duplex {

// Serves one upgraded connection with Duplex's own RFC 6455 code, so that every byte both ways goes through a
// WireTap into the traffic log: the decoder that records the client's frames is the one that serves them, and the
// server's frames are recorded as they are written. It is strict where QtWebSockets 6.4.2 is lax or wrong: an
// unmasked client frame fails the connection with 1002 and invalid UTF-8 with 1007 as soon as they show, while
// valid UTF-8 split across fragments is delivered.
class NativeConnection final : public Connection
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NativeConnection)

public:
    // Takes over socket, whose admitted request head (head, headLength bytes) is still unread, and answers it
    // with 101. Client messages larger than maxMessageBytes close the connection with 1009.
    NativeConnection(QTcpSocket *socket, const HttpHead &head, qsizetype headLength, quint64 maxMessageBytes,
        TrafficLog &log, QObject *parent = nullptr);

    void sendText(const QString &message) override;
    void sendBinary(const QByteArray &message) override;
    bool ping(const QByteArray &payload) override;
    void close(quint16 code, const QString &reason) override;
    void abort() override;
    qint64 bytesToWrite() const override { return m_socket->bytesToWrite(); }
    quint16 closeCode() const override;

private:
    void onReadyRead();
    void take(const Frame &frame);
    void onCloseFrame(const Frame &frame);
    void send(quint8 opcode, QByteArrayView payload);
    void sendClose(quint16 code, QByteArrayView reason);
    void fail(const Violation &violation);
    void hangUp();
    void onSocketGone();

    enum class State {
        Open,
        Closing, // our close frame has gone; the peer's messages are still delivered until it answers
        Closed,  // nothing more is sent, and what the peer still sends is dropped
    };

    QTcpSocket *m_socket;
    WireTap m_tap;
    MessageAssembler m_assembler; // of client messages
    State m_state = State::Open;
    std::optional<quint16> m_closeCode;
};

} // namespace Duplex
