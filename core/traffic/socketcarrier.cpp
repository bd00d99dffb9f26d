// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/socketcarrier.h"

#include <QSslSocket>

#include <limits>

#include "traffic/wiretap.h"

namespace Duplex {

SocketCarrier::SocketCarrier(QTcpSocket *socket, QObject *parent)
    : Carrier(parent)
    , m_socket(socket)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(WireTap::carrierChunkBytes);
    // Frames are small and interactive: Nagle's algorithm would hold a ping behind an unacknowledged message
    // for a delayed ACK (40 ms).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &SocketCarrier::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &SocketCarrier::onBytesWritten);
    if (auto *tls = qobject_cast<QSslSocket *>(m_socket)) // what waits encrypted left: room for more
        connect(tls, &QSslSocket::encryptedBytesWritten, this, [this] { writeUnsent(WireTap::carrierHighWaterBytes); });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] { listener().gone(); });
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &SocketCarrier::onReadyRead, Qt::QueuedConnection);
}

void SocketCarrier::write(const QByteArray &bytes, const QByteArray &tail, Write write)
{
    Q_UNUSED(write) // the socket gathers all: a TLS socket must encrypt what it sends, so it cannot be bypassed
    const qint64 size = bytes.size() + tail.size();
    if (m_unsent.isEmpty() && queuedBytes(*m_socket) + size <= WireTap::carrierHighWaterBytes) {
        // The usual case: the bytes fit, and the socket gathers what a pass of the event loop writes into one
        // system call.
        m_socket->write(bytes);
        m_socket->write(tail);
        return;
    }
    m_unsentBytes += size;
    m_unsent.append(bytes);
    if (!tail.isEmpty())
        m_unsent.append(tail);
    writeUnsent(WireTap::carrierHighWaterBytes);
}

qint64 SocketCarrier::queuedBytes(const QTcpSocket &socket)
{
    const auto *tls = qobject_cast<const QSslSocket *>(&socket);
    return socket.bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
}

void SocketCarrier::hangUp()
{
    m_socket->readAll();
    writeUnsent(std::numeric_limits<qint64>::max());
    m_socket->disconnectFromHost(); // once what is queued has gone
}

void SocketCarrier::abort()
{
    m_socket->abort();
}

void SocketCarrier::onReadyRead()
{
    while (m_socket->bytesAvailable() > 0)
        listener().received(m_socket->read(m_socket->bytesAvailable())); // at most carrierChunkBytes, its block with it
}

void SocketCarrier::onBytesWritten(qint64 bytes)
{
    writeUnsent(WireTap::carrierHighWaterBytes);
    listener().written(bytes);
}

void SocketCarrier::writeUnsent(qint64 highWater)
{
    while (!m_unsent.isEmpty() && queuedBytes(*m_socket) < highWater) {
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

} // namespace Duplex
