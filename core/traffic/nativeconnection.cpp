// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/nativeconnection.h"

#include <QMetaMethod>
#include <QRandomGenerator>
#include <QTimer>

#include <limits>
#include <sys/socket.h>

#include "wire/frameencoder.h"
#include "wire/handshake.h"

namespace Duplex {

namespace {

// Writes to the socket's descriptor at once, when nothing of the socket's waits to go before: returns what the
// kernel took (nothing on EAGAIN or an error, which the socket meets and reports once it writes the rest). It
// saves the copy into the socket's buffer, a write notification and an event-loop pass for each frame.
qsizetype sendNow(QTcpSocket *socket, QByteArrayView bytes)
{
    const ssize_t sent
        = ::send(int(socket->socketDescriptor()), bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    return std::max<qsizetype>(sent, 0);
}

QByteArray switchingProtocols(const HttpHead &request)
{
    return "HTTP/1.1 101 Switching Protocols\r\n"
           "Upgrade: websocket\r\n"
           "Connection: Upgrade\r\n"
           "Sec-WebSocket-Accept: "
        + Handshake::acceptFor(request.value("Sec-WebSocket-Key")) + "\r\nServer: Duplex/" DUPLEX_VERSION "\r\n\r\n";
}

} // namespace

NativeConnection *NativeConnection::accept(QTcpSocket *socket, const HttpHead &head, qsizetype headLength,
    quint64 maxMessageBytes, TrafficLog &log, QObject *parent)
{
    auto tap = std::make_unique<WireTap>(log,
        ConnectionOpened {ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort()), head.path()},
        WireTap::Options {.maxMessageBytes = maxMessageBytes, .maxHeadBytes = headLength});
    // Reading all that is buffered takes the socket's read block along instead of copying out of it, and the
    // response goes straight to the descriptor: an idle connection then holds no buffer of Qt's (16 and 32 KiB
    // blocks, a page of each touched), which was half of what it cost.
    const QByteArray received = socket->read(socket->bytesAvailable());
    tap->fromClient(received.first(headLength));
    QByteArray early = received.sliced(headLength); // usually nothing; the block goes with received
    const QByteArray response = switchingProtocols(head);
    tap->fromServer(response);
    if (const qsizetype sent = sendNow(socket, response); sent < response.size())
        socket->write(response.sliced(sent));
    return new NativeConnection(Role::Server, socket, std::move(tap), std::move(early), parent);
}

NativeConnection::NativeConnection(
    Role role, QTcpSocket *socket, std::unique_ptr<WireTap> tap, QByteArray early, QObject *parent)
    : Connection(ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort()), parent)
    , m_role(role)
    , m_socket(socket)
    , m_tap(std::move(tap))
    , m_early(std::move(early))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(WireTap::carrierChunkBytes);
    // Frames are small and interactive: Nagle's algorithm would hold a ping behind an unacknowledged message
    // for a delayed ACK (40 ms).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &NativeConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &NativeConnection::onSocketGone);
    // Frames that came with the head wait until whoever takes the connection has connected to its signals.
    if (!m_early.isEmpty() || m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &NativeConnection::onReadyRead, Qt::QueuedConnection);
}

void NativeConnection::sendText(const QString &message)
{
    if (m_state == State::Open)
        send(Opcode::text, message.toUtf8());
}

void NativeConnection::sendPreparedText(const QString &message, const FrameEncoder::PreparedFrame &serverFrame)
{
    if (m_state != State::Open)
        return;
    if (m_role == Role::Server)
        transmit(serverFrame, Write::Gathered);
    else
        send(Opcode::text, message.toUtf8()); // a client masks each frame with a key of its own
}

void NativeConnection::sendBinary(const QByteArray &message)
{
    if (m_state == State::Open)
        send(Opcode::binary, message);
}

bool NativeConnection::ping(const QByteArray &payload)
{
    if (m_state != State::Open || payload.size() > Opcode::maxControlPayload)
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

std::optional<Violation> NativeConnection::violation() const
{
    const auto &seen = m_tap->violation();
    const Direction fromPeer = m_role == Role::Server ? Direction::ClientToServer : Direction::ServerToClient;
    return seen && seen->direction == fromPeer ? std::optional(seen->violation) : std::nullopt;
}

void NativeConnection::onReadyRead()
{
    if (!m_early.isEmpty())
        receive(std::exchange(m_early, {}));
    while (m_socket->bytesAvailable() > 0)
        receive(m_socket->read(m_socket->bytesAvailable())); // at most carrierChunkBytes, and its block with it
}

void NativeConnection::receive(QByteArrayView bytes)
{
    if (m_state == State::Closed)
        return; // the peer's close frame or a violation ended the conversation: the rest is dropped
    // Reused from read to read: readyRead() is never emitted recursively, so nothing refills it meanwhile.
    m_received.clear();
    if (m_role == Role::Server)
        m_tap->fromClient(bytes, &m_received);
    else
        m_tap->fromServer(bytes, &m_received);
    for (const Frame &frame : std::as_const(m_received)) {
        if (m_state == State::Closed)
            return;
        take(frame);
    }
    if (const auto violation = this->violation(); violation && m_state != State::Closed)
        fail(*violation);
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
    // The server closes TCP first (§7.1.1). A client may close too once the handshake is done, and does: a TLS
    // server such as Python's asyncio waits for the client's close_notify before it ends TCP.
    hangUp();
}

void NativeConnection::send(quint8 opcode, const QByteArray &payload)
{
    // A client masks every frame with a fresh unpredictable key (§5.3); a server never masks.
    const bool client = m_role == Role::Client;
    const auto mask = client ? std::optional(QRandomGenerator::system()->generate()) : std::nullopt;
    transmit(FrameEncoder::prepare(payload, {.opcode = opcode, .maskingKey = mask},
                 client ? Direction::ClientToServer : Direction::ServerToClient),
        Write::Now);
}

void NativeConnection::transmit(const FrameEncoder::PreparedFrame &frame, Write write)
{
    m_tap->sent(frame.frame);
    QByteArray bytes = frame.bytes; // shared, not copied
    // At once only while nothing waits (order holds) and nobody follows the socket's progress (which counts only
    // what went through it), and only on the server's side: a client's socket may be TLS, which must encrypt.
    if (write == Write::Now && m_role == Role::Server && m_unsent.isEmpty() && m_socket->bytesToWrite() == 0
        && !m_hearingBytesWritten) {
        const qsizetype sent = sendNow(m_socket, bytes);
        if (sent == bytes.size())
            return;
        bytes = bytes.sliced(sent);
    }
    if (m_unsent.isEmpty() && m_socket->bytesToWrite() + bytes.size() <= WireTap::carrierHighWaterBytes) {
        // The usual case: the frame fits, and the socket gathers what a pass of the event loop writes into one
        // system call.
        m_socket->write(bytes);
        return;
    }
    hearBytesWritten(); // from now on the socket's progress feeds the queue
    m_unsentBytes += bytes.size();
    m_unsent.append(bytes);
    writeUnsent(WireTap::carrierHighWaterBytes);
}

void NativeConnection::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&NativeConnection::bytesWritten))
        hearBytesWritten();
}

void NativeConnection::hearBytesWritten()
{
    // Only once a message waits or someone listens: a busy server's connections do neither, and pay nothing. Once:
    // a connection that falls behind comes here for every frame it queues, and connecting costs much more.
    if (!std::exchange(m_hearingBytesWritten, true))
        connect(m_socket, &QTcpSocket::bytesWritten, this, &NativeConnection::onBytesWritten);
}

void NativeConnection::onBytesWritten(qint64 bytes)
{
    writeUnsent(WireTap::carrierHighWaterBytes);
    Q_EMIT bytesWritten(bytes);
}

void NativeConnection::writeUnsent(qint64 highWater)
{
    while (!m_unsent.isEmpty() && m_socket->bytesToWrite() < highWater) {
        const QByteArray &front = m_unsent.first();
        const qint64 chunk = std::min(front.size() - m_unsentOffset, WireTap::carrierChunkBytes);
        m_socket->write(front.constData() + m_unsentOffset, chunk);
        m_unsentOffset += chunk;
        m_unsentBytes -= chunk;
        if (m_unsentOffset == front.size()) {
            m_unsent.removeFirst();
            m_unsentOffset = 0;
        }
    }
}

void NativeConnection::fail(const Violation &violation)
{
    // Failing the connection (§7.1.7): a close frame with the code it deserves, if one may still go, then TCP ends.
    const QByteArray reason = FrameEncoder::fitCloseReason(violation.reason);
    if (m_state == State::Open) {
        m_closeCode = violation.closeCode;
        // Not recorded as a frame: the tap decodes nothing after the violation, and finish() records it.
        send(Opcode::close, FrameEncoder::closePayload(violation.closeCode, reason));
    }
    m_tap->finish(Closer::Guard, violation.closeCode, reason);
    hangUp();
}

void NativeConnection::hangUp()
{
    m_state = State::Closed;
    // Unread input would make the kernel reset the connection, which can destroy our close frame on its way.
    m_socket->readAll();
    writeUnsent(std::numeric_limits<qint64>::max());
    m_socket->disconnectFromHost(); // once what is queued has gone
    QTimer::singleShot(closeGrace, m_socket, &QTcpSocket::abort);
}

void NativeConnection::onSocketGone()
{
    m_state = State::Closed;
    m_closed = m_tap->finish();
    Q_EMIT disconnected();
}

} // namespace Duplex
