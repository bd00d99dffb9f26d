// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/nativeconnection.h"

#include <QTimer>

#include "wire/frameencoder.h"
#include "wire/handshake.h"

namespace Duplex {

namespace {

// For the peer to answer our close frame, or to take our last bytes once the connection is closing.
constexpr std::chrono::seconds closeGrace(5);
constexpr qsizetype maxControlPayload = 125; // RFC 6455 §5.5

QByteArray switchingProtocols(const HttpHead &request)
{
    return "HTTP/1.1 101 Switching Protocols\r\n"
           "Upgrade: websocket\r\n"
           "Connection: Upgrade\r\n"
           "Sec-WebSocket-Accept: "
        + Handshake::acceptFor(request.value("Sec-WebSocket-Key")) + "\r\nServer: Duplex/" DUPLEX_VERSION "\r\n\r\n";
}

} // namespace

NativeConnection::NativeConnection(QTcpSocket *socket, const HttpHead &head, qsizetype headLength,
    quint64 maxMessageBytes, TrafficLog &log, QObject *parent)
    : Connection(ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort()), parent)
    , m_socket(socket)
    , m_tap(log, ConnectionOpened {peer(), head.path()},
          // Client frames are kept whole: they are the messages this connection delivers.
          WireTap::Options {qsizetype(maxMessageBytes), maxMessageBytes, headLength})
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(WireTap::carrierChunkBytes);
    // Frames are small and interactive: Nagle's algorithm would hold a ping behind an unacknowledged message
    // for a delayed ACK (40 ms).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_tap.fromClient(m_socket->read(headLength));
    const QByteArray response = switchingProtocols(head);
    m_tap.fromServer(response);
    m_socket->write(response);

    connect(m_socket, &QTcpSocket::readyRead, this, &NativeConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &NativeConnection::onSocketGone);
    // Frames that came with the head wait until whoever takes the connection has connected to its signals.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &NativeConnection::onReadyRead, Qt::QueuedConnection);
}

void NativeConnection::sendText(const QString &message)
{
    if (m_state == State::Open)
        send(Opcode::text, message.toUtf8());
}

void NativeConnection::sendBinary(const QByteArray &message)
{
    if (m_state == State::Open)
        send(Opcode::binary, message);
}

bool NativeConnection::ping(const QByteArray &payload)
{
    if (m_state != State::Open || payload.size() > maxControlPayload)
        return false;
    send(Opcode::ping, payload);
    return true;
}

void NativeConnection::close(quint16 code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    m_closeCode = code;
    send(Opcode::close, FrameEncoder::closePayload(code, FrameEncoder::fitCloseReason(reason.toUtf8())));
    m_state = State::Closing;
    QTimer::singleShot(closeGrace, m_socket, &QTcpSocket::abort); // the peer never answered
}

void NativeConnection::abort()
{
    m_state = State::Closed;
    m_socket->abort();
}

quint16 NativeConnection::closeCode() const
{
    return m_closeCode.value_or(CloseCode::abnormal);
}

void NativeConnection::onReadyRead()
{
    while (m_socket->bytesAvailable() > 0) {
        const QByteArray bytes = m_socket->read(WireTap::carrierChunkBytes);
        if (m_state == State::Closed)
            continue; // the peer's close frame or a violation ended the conversation: the rest is dropped
        // A copy: what take() sends reuses the tap's list.
        const QList<Frame> frames = m_tap.fromClient(bytes);
        for (const Frame &frame : frames) {
            if (m_state == State::Closed)
                break;
            take(frame);
        }
        if (m_state != State::Closed && m_tap.violation())
            fail(m_tap.violation()->violation);
    }
}

void NativeConnection::take(const Frame &frame)
{
    switch (frame.opcode) {
    case Opcode::ping:
        // A peer that pings without reading gets no more pongs once a backlog is waiting: RFC 6455 §5.5.3 lets an
        // endpoint answer only the latest of several pings, and this keeps the backlog bounded.
        if (m_state == State::Open && m_socket->bytesToWrite() < WireTap::carrierHighWaterBytes)
            send(Opcode::pong, frame.payload);
        return;
    case Opcode::pong:
        return Q_EMIT pongReceived(frame.payload);
    case Opcode::close:
        return onCloseFrame(frame);
    }
    const std::optional<MessageAssembler::Message> message = m_assembler.add(frame);
    if (message && message->opcode == Opcode::text)
        Q_EMIT textReceived(QString::fromUtf8(message->data));
    else if (message)
        Q_EMIT binaryReceived(message->data);
}

void NativeConnection::onCloseFrame(const Frame &frame)
{
    if (m_state == State::Open) {
        // The peer started the closing handshake: answer with its code, as endpoints usually do (§5.5.1).
        m_closeCode = frame.closeCode.value_or(CloseCode::noStatus);
        send(Opcode::close, frame.closeCode ? FrameEncoder::closePayload(*frame.closeCode) : QByteArray());
    }
    hangUp();
}

void NativeConnection::send(quint8 opcode, QByteArrayView payload)
{
    const QByteArray frame = FrameEncoder::encode(payload, {opcode, true, false, std::nullopt});
    m_tap.fromServer(frame);
    m_socket->write(frame);
}

void NativeConnection::fail(const Violation &violation)
{
    const QByteArray reason = FrameEncoder::fitCloseReason(violation.reason);
    if (m_state == State::Open) {
        m_closeCode = violation.closeCode;
        // Not recorded as a frame: the tap decodes nothing after the violation, and finish() records it.
        send(Opcode::close, FrameEncoder::closePayload(violation.closeCode, reason));
    }
    m_tap.finish(Closer::Guard, violation.closeCode, reason);
    hangUp();
}

void NativeConnection::hangUp()
{
    // The server closes TCP first (§7.1.1), once what is queued has gone. Unread input would make the kernel
    // reset the connection, which can destroy our close frame on its way.
    m_state = State::Closed;
    m_socket->readAll();
    m_socket->disconnectFromHost();
    QTimer::singleShot(closeGrace, m_socket, &QTcpSocket::abort);
}

void NativeConnection::onSocketGone()
{
    m_state = State::Closed;
    m_tap.finish();
    Q_EMIT disconnected();
}

} // namespace Duplex
