// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/nativeconnection.h"

#include <QMetaMethod>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

#include "wire/frameencoder.h"
#include "wire/handshake.h"

namespace Duplex {

namespace {

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
    QString peer = ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort());
    auto tap = std::make_unique<WireTap>(log, ConnectionOpened {peer, head.path()},
        WireTap::Options {.maxMessageBytes = maxMessageBytes, .maxHeadBytes = headLength});
    // All the socket holds: the head, and perhaps frames the peer sent right behind it.
    const QByteArray received = socket->read(socket->bytesAvailable());
    tap->fromClient(received.first(headLength));
    QByteArray early = received.sliced(headLength); // usually nothing
    const QByteArray response = switchingProtocols(head);
    tap->fromServer(response);
    Carrier *carrier = Carrier::takeOverServerSide(socket);
    auto *connection
        = new NativeConnection(Role::Server, carrier, std::move(peer), std::move(tap), std::move(early), parent);
    carrier->write(response, Carrier::Write::Now);
    return connection;
}

NativeConnection::NativeConnection(
    Role role, Carrier *carrier, QString peer, std::unique_ptr<WireTap> tap, QByteArray early, QObject *parent)
    : Connection(std::move(peer), parent)
    , m_role(role)
    , m_carrier(carrier)
    , m_tap(std::move(tap))
    , m_early(std::move(early))
{
    m_carrier->setParent(this);
    m_carrier->setListener(*this);
    // Frames that came with the head wait until whoever takes the connection has connected to its signals.
    if (!m_early.isEmpty())
        QMetaObject::invokeMethod(
            this, [this] { received({}); }, Qt::QueuedConnection);
}

void NativeConnection::sendText(const QByteArray &utf8)
{
    if (m_state == State::Open)
        send(Opcode::text, utf8);
}

void NativeConnection::sendPreparedText(const FrameEncoder::PreparedFrame &serverFrame, const QString &text)
{
    Q_UNUSED(text)
    if (m_state != State::Open)
        return;
    if (m_role == Role::Server)
        transmit(serverFrame, Carrier::Write::Gathered);
    else
        send(Opcode::text, serverFrame.frame.payload); // a client masks each frame with a key of its own
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

bool NativeConnection::pong(const QByteArray &payload)
{
    if (m_state != State::Open || payload.size() > Opcode::maxControlPayload)
        return false;
    send(Opcode::pong, payload);
    return true;
}

void NativeConnection::sendFragmented(quint8 opcode, const QByteArray &message, qsizetype fragmentBytes)
{
    Q_ASSERT(fragmentBytes > 0);
    if (m_state != State::Open)
        return;
    qsizetype at = 0;
    do {
        const QByteArray fragment = message.mid(at, fragmentBytes);
        at += fragmentBytes;
        send(at == fragmentBytes ? opcode : Opcode::continuation, fragment, at >= message.size(), opcode);
    } while (at < message.size());
}

void NativeConnection::close(quint16 code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    m_closeCode = code;
    send(Opcode::close, FrameEncoder::closePayload(code, FrameEncoder::fitCloseReason(reason.toUtf8())));
    m_state = State::Closing;
    QTimer::singleShot(closeGrace, m_carrier, &Carrier::abort); // the peer never answered
}

void NativeConnection::abort()
{
    m_state = State::Closed;
    m_carrier->abort();
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

void NativeConnection::received(QByteArrayView bytes)
{
    if (!m_early.isEmpty())
        receive(std::exchange(m_early, {}));
    if (!bytes.isEmpty())
        receive(bytes);
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
        if (m_state == State::Open && m_carrier->bytesToWrite() < WireTap::carrierHighWaterBytes)
            send(Opcode::pong, frame.payload);
        return;
    case Opcode::pong:
        return Q_EMIT pongReceived(frame.payload);
    case Opcode::close:
        return onCloseFrame(frame);
    }
    const std::optional<MessageAssembler::Message> message = m_assembler.add(frame);
    if (message && message->opcode == Opcode::text)
        Q_EMIT textReceived(message->data); // the decoder checked its UTF-8
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

void NativeConnection::send(quint8 opcode, const QByteArray &payload, bool fin, quint8 messageOpcode)
{
    // A client masks every frame with a fresh unpredictable key (§5.3); a server never masks.
    const bool client = m_role == Role::Client;
    const auto mask = client ? std::optional(QRandomGenerator::system()->generate()) : std::nullopt;
    transmit(FrameEncoder::prepare(payload,
                 {.opcode = opcode, .fin = fin, .maskingKey = mask, .messageOpcode = messageOpcode},
                 client ? Direction::ClientToServer : Direction::ServerToClient),
        Carrier::Write::Now);
}

void NativeConnection::transmit(const FrameEncoder::PreparedFrame &frame, Carrier::Write write)
{
    m_tap->sent(frame.frame);
    m_carrier->write(frame.bytes, frame.tail, write); // shared, not copied
}

void NativeConnection::written(qint64 bytes)
{
    if (m_bytesWrittenHeard)
        Q_EMIT bytesWritten(bytes);
}

void NativeConnection::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&NativeConnection::bytesWritten))
        m_bytesWrittenHeard = true;
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
    m_carrier->hangUp();
    QTimer::singleShot(closeGrace, m_carrier, &Carrier::abort);
}

void NativeConnection::gone()
{
    m_state = State::Closed;
    m_closed = m_tap->finish();
    Q_EMIT disconnected();
}

} // namespace Duplex
