// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>

namespace Duplex {

// The TCP byte stream under a NativeConnection: SocketCarrier (a QTcpSocket, which may be TLS: a client's) or
// DescriptorCarrier (the descriptor itself: the server's side, where a busy room serves thousands).
class Carrier : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Carrier)

public:
    // A frame of one connection's own goes to the kernel at once; a broadcast's is gathered with the others the
    // same pass of the event loop writes to this connection (a busy room sends many).
    enum class Write : quint8 { Now, Gathered };

    // Bytes leave in the order written, as the peer takes them; none is lost while the connection lasts.
    virtual void write(const QByteArray &bytes, Write write) = 0;
    virtual qint64 bytesToWrite() const = 0;
    // Drops what the peer sent and nobody read (unread input makes the kernel reset the connection, which can
    // destroy what we still send), ends TCP once the rest is written, then gone().
    virtual void hangUp() = 0;
    // Ends TCP at once, dropping what waits; gone() follows before it returns. Nothing once gone.
    virtual void abort() = 0;

Q_SIGNALS:
    // What the peer sent, at most WireTap::carrierChunkBytes at a time; bytes lasts only during the call.
    void received(QByteArrayView bytes);
    // Bytes of ours the kernel took, for whoever shows a large message's progress.
    void bytesWritten(qint64 bytes);
    // The TCP connection ended: hung up, aborted, closed by the peer, or broken.
    void gone();

protected:
    using QObject::QObject;
};

} // namespace Duplex
