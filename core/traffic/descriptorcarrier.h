// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <memory>

#include "traffic/carrier.h"
#include "traffic/epoll.h"

class QTcpSocket;

namespace Duplex {

// A carrier that owns the connection's descriptor: the server's side of an upgraded connection. QTcpSocket asks the
// kernel how much is unread before each read, and Qt's event loop polls every descriptor it watches on each pass;
// here the thread's Epoll finds the ready descriptors of all its carriers (Qt's loop watches only that one, or is
// an EpollDispatcher that waits on it), a read takes what came without asking first, and the frames a pass gathers for
// a connection leave in one system call. Plain TCP only: a TLS stream must go through its QSslSocket.
class DescriptorCarrier final : public Carrier, private Epoll::Watcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DescriptorCarrier)

public:
    // Takes socket's connection over and deletes socket later; socket must hold nothing unread. Null, with socket
    // left as it was, when the kernel will not take at once what socket has to send, or when the process has no
    // descriptor or epoll watch left for the connection (EMFILE, ENOSPC).
    static DescriptorCarrier *takeOver(QTcpSocket *socket, QObject *parent = nullptr);
    ~DescriptorCarrier() override;

    using Carrier::write;
    void write(const QByteArray &bytes, const QByteArray &tail, Write write) override;
    qint64 bytesToWrite() const override { return m_unsentBytes; }
    void hangUp() override;
    void abort() override;

private:
    class Poller;
    DescriptorCarrier(int descriptor, std::shared_ptr<Poller> poller, QObject *parent);

    enum class Sent : quint8 { All, Some, Broken };

    void ready(quint32 events) override; // the descriptor's, from the thread's Epoll
    void queue(const QByteArray &bytes, const QByteArray &tail);
    void read();
    bool flush(); // writes what waits, as far as the kernel takes it; false when that ended the connection
    Sent sendUnsent();
    void dropSent(qint64 bytes);
    void watchWritable(bool writable);
    void end();

    int m_descriptor;
    std::shared_ptr<Poller> m_poller; // of the thread; the last carrier on it takes it along
    QList<QByteArray> m_unsent;       // empty, it holds no memory (a connection at rest costs nothing here)
    qsizetype m_unsentOffset = 0;     // into m_unsent.first()
    qint64 m_unsentBytes = 0;
    quint32 m_interest = 0;     // the epoll events watched
    bool m_flushQueued = false; // with the poller, for the end of this pass of the event loop
    bool m_hangingUp = false;   // ends once nothing waits
};

} // namespace Duplex
