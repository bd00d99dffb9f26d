// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QTcpSocket>

#include "traffic/carrier.h"

namespace Duplex {

// A carrier over a QTcpSocket, which may be a QSslSocket: a client session's connection, or the server's side of one
// when no descriptor was left for a DescriptorCarrier. Everything is gathered and written by the socket.
class SocketCarrier final : public Carrier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketCarrier)

public:
    // Takes over socket, connected; what it holds unread is received once the event loop runs again.
    explicit SocketCarrier(QTcpSocket *socket, QObject *parent = nullptr);

    using Carrier::write;
    void write(const QByteArray &bytes, const QByteArray &tail, Write write) override;
    qint64 bytesToWrite() const override { return queuedBytes(*m_socket) + m_unsentBytes; }
    // What waits in socket to be sent. A QSslSocket's bytesToWrite() counts only the bytes not yet encrypted, and it
    // encrypts whatever it is given at once: the encrypted bytes wait too.
    static qint64 queuedBytes(const QTcpSocket &socket);
    void hangUp() override;
    void abort() override;

private:
    void onReadyRead();
    void writeUnsent(qint64 highWater);
    void onBytesWritten(qint64 bytes);

    QTcpSocket *m_socket;
    // Bytes wait here until the socket has less than a high-water mark queued, so a large message leaves as the
    // peer takes it (and its progress can be told) instead of all at once into the socket's buffer.
    QList<QByteArray> m_unsent;   // empty, it holds no memory (a connection at rest costs nothing here)
    qsizetype m_unsentOffset = 0; // into m_unsent.first()
    qint64 m_unsentBytes = 0;
};

} // namespace Duplex
