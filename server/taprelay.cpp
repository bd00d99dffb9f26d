// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "taprelay.h"

#include <QTimer>

#include <limits>

#include "frameencoder.h"
#include "trafficlog.h"

namespace Duplex {

namespace {

constexpr std::chrono::seconds closeGrace(10); // for a peer to take our last bytes once the other side is gone

// The request as the internal server gets it, with the relay's id, so that the room learns the real peer from the
// relay (the internal server only ever sees a local socket). A relay header from the peer is dropped: it would
// claim another's connection.
QByteArray innerHead(const HttpHead &head, quint64 relayId)
{
    QByteArray out = head.method() + ' ' + head.target() + ' ' + head.version() + "\r\n";
    for (const HttpHead::Field &field : head.fields()) {
        if (field.name.compare(TapRelay::relayHeader, Qt::CaseInsensitive) != 0)
            out += field.name + ": " + field.value + "\r\n";
    }
    return out + TapRelay::relayHeader + ": " + QByteArray::number(relayId) + "\r\n\r\n";
}

} // namespace

TapRelay::TapRelay(QTcpSocket *peer, QTcpSocket *inner, const HttpHead &head, qsizetype headLength,
    quint64 maxMessageBytes, TrafficLog &log, quint64 id, QObject *parent)
    : QObject(parent)
    , m_peerSocket(peer)
    , m_inner(inner)
    , m_peer(ConnectionOpened::endpoint(peer->peerAddress(), peer->peerPort()))
    , m_tap(log, ConnectionOpened {m_peer, head.path()},
          // Client frames are kept whole: the relay sends them on itself.
          WireTap::Options {qsizetype(maxMessageBytes), maxMessageBytes, headLength})
{
    m_peerSocket->setParent(this);
    m_inner->setParent(this);
    m_peerSocket->setReadBufferSize(WireTap::carrierChunkBytes);
    m_inner->setReadBufferSize(WireTap::carrierChunkBytes);
    // Frames are small and interactive: Nagle's algorithm would hold a ping behind an unacknowledged message
    // for a delayed ACK (40 ms), as QtWebSockets knows for its own sockets.
    m_peerSocket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_tap.fromClient(m_peerSocket->read(headLength));

    connect(m_peerSocket, &QTcpSocket::readyRead, this, &TapRelay::pumpToInner);
    connect(m_peerSocket, &QTcpSocket::bytesWritten, this, &TapRelay::pumpToPeer);
    connect(m_peerSocket, &QTcpSocket::disconnected, this, &TapRelay::onPeerGone);
    connect(m_inner, &QTcpSocket::readyRead, this, &TapRelay::pumpToPeer);
    connect(m_inner, &QTcpSocket::bytesWritten, this, &TapRelay::pumpToInner);
    connect(m_inner, &QTcpSocket::disconnected, this, &TapRelay::onInnerGone);
    m_inner->write(innerHead(head, id));
}

void TapRelay::pumpToPeer()
{
    passServerBytes(WireTap::carrierHighWaterBytes);
    // Client frames are sent on from what the tap decodes, and it decodes nothing after a violation: a server
    // that broke the protocol ends the connection.
    if (m_tap.violation() && m_tap.violation()->direction == Direction::ServerToClient)
        return m_inner->abort();
    pumpToInner(); // the response may just have opened the connection
}

void TapRelay::passServerBytes(qint64 peerBacklogLimit)
{
    while (m_inner->bytesAvailable() > 0 && m_peerSocket->bytesToWrite() < peerBacklogLimit) {
        const QByteArray chunk = m_inner->read(WireTap::carrierChunkBytes);
        m_tap.fromServer(chunk);
        m_peerSocket->write(chunk);
    }
}

void TapRelay::pumpToInner()
{
    // Client frames wait for the handshake: only then do the decoders know what was negotiated.
    while (m_tap.isOpen() && !m_guarded && m_peerSocket->bytesAvailable() > 0
        && m_inner->bytesToWrite() < WireTap::carrierHighWaterBytes) {
        for (const Frame &frame : m_tap.fromClient(m_peerSocket->read(WireTap::carrierChunkBytes))) {
            if (const auto message = m_assembler.add(frame))
                sendInner(message->opcode, message->data);
        }
        if (m_tap.violation() && m_tap.violation()->direction == Direction::ClientToServer)
            return guard(m_tap.violation()->violation);
    }
}

void TapRelay::sendInner(quint8 opcode, QByteArrayView payload)
{
    // QtWebSockets insists on masked client frames; in-process a zero key does that without touching the payload.
    m_inner->write(FrameEncoder::encode(payload, {opcode, true, false, 0}));
}

void TapRelay::guard(const Violation &violation)
{
    m_guarded = true;
    const QByteArray reason = FrameEncoder::fitCloseReason(violation.reason);
    // A close frame may only go between the server's frames, never inside one.
    if (m_tap.serverAtFrameBoundary())
        m_peerSocket->write(FrameEncoder::encode(
            FrameEncoder::closePayload(violation.closeCode, reason), {Opcode::close, true, false, std::nullopt}));
    m_tap.finish(Closer::Guard, violation.closeCode, reason);
    m_inner->abort();
}

void TapRelay::onPeerGone()
{
    pumpToInner(); // what the peer sent last, often its close frame
    if (m_inner->state() != QAbstractSocket::ConnectedState) {
        m_inner->abort();
        return finish();
    }
    m_inner->disconnectFromHost(); // after what is queued; disconnected() follows
}

void TapRelay::onInnerGone()
{
    // The server has said its last: pass it all on, whatever the peer's backlog, then close.
    passServerBytes(std::numeric_limits<qint64>::max());
    if (m_peerSocket->state() == QAbstractSocket::UnconnectedState)
        return finish();
    m_peerSocket->disconnectFromHost();
    QTimer::singleShot(closeGrace, m_peerSocket, &QTcpSocket::abort);
}

void TapRelay::finish()
{
    if (std::exchange(m_finished, true))
        return;
    m_tap.finish();
    Q_EMIT finished();
    deleteLater();
}

} // namespace Duplex
