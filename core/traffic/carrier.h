// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace Duplex {

// The TCP byte stream under a NativeConnection: SocketCarrier (a QTcpSocket, which may be TLS: a client's) or
// DescriptorCarrier (the descriptor itself: the server's side, where a busy room serves thousands).
class Carrier : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Carrier)

public:
    // Who hears what the carrier does: its connection. Told by a plain call, as QAbstractSocketEngine tells its
    // receiver, not by signals: these come with every read and write, and dispatching a signal costs about as much
    // as decoding a small frame.
    class Listener
    {
    public:
        // What the peer sent, at most WireTap::carrierChunkBytes at a time; bytes lasts only during the call.
        virtual void received(QByteArrayView bytes) = 0;
        // Bytes of ours the kernel took, for whoever shows a large message's progress.
        virtual void written(qint64 bytes) = 0;
        // The TCP connection ended: hung up, aborted, closed by the peer, or broken.
        virtual void gone() = 0;

    protected:
        ~Listener() = default;
    };

    // The carrier of a server's connection from now on: its descriptor, taken over (DescriptorCarrier::takeOver), or
    // the socket itself when no descriptor is left to do that with.
    static Carrier *takeOverServerSide(QTcpSocket *socket, QObject *parent = nullptr);

    // A frame of one connection's own goes to the kernel at once; a broadcast's is gathered with the others the
    // same pass of the event loop writes to this connection (a busy room sends many).
    enum class Write : quint8 { Now, Gathered };

    // Before the event loop runs again and before anything is written. The carrier calls its listener until it is
    // destroyed, never from its destructor: the listener may own it.
    void setListener(Listener &listener) { m_listener = &listener; }

    // Bytes leave in the order written, as the peer takes them; none is lost while the connection lasts. A tail
    // follows bytes without being copied after them (a large payload after its frame's header).
    virtual void write(const QByteArray &bytes, const QByteArray &tail, Write write) = 0;
    void write(const QByteArray &bytes, Write write) { this->write(bytes, {}, write); }
    virtual qint64 bytesToWrite() const = 0;
    // Drops what the peer sent and nobody read (unread input makes the kernel reset the connection, which can
    // destroy what we still send), ends TCP once the rest is written, then gone().
    virtual void hangUp() = 0;
    // Ends TCP at once, dropping what waits; gone() follows before it returns. Nothing once gone.
    virtual void abort() = 0;

protected:
    using QObject::QObject;

    Listener &listener() const { return *m_listener; }

private:
    Listener *m_listener = nullptr;
};

} // namespace Duplex
