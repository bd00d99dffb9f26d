// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/descriptorcarrier.h"

#include <QTcpSocket>

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include "traffic/wiretap.h"

namespace Duplex {

// What one thread's carriers share: its Epoll, the carriers with frames gathered this pass, and a read buffer.
class DescriptorCarrier::Poller final : public QObject
{
public:
    // Null when the process has no descriptor left for the thread's Epoll.
    static std::shared_ptr<Poller> ofThisThread()
    {
        thread_local std::weak_ptr<Poller> current;
        if (std::shared_ptr<Poller> poller = current.lock())
            return poller;
        std::shared_ptr<Epoll> epoll = Epoll::ofThisThread();
        if (!epoll)
            return nullptr;
        auto poller = std::make_shared<Poller>(std::move(epoll));
        current = poller;
        return poller;
    }

    explicit Poller(std::shared_ptr<Epoll> epoll)
        : m_epoll(std::move(epoll))
    { }
    Q_DISABLE_COPY_MOVE(Poller)

    bool watch(DescriptorCarrier *carrier, quint32 events, int operation)
    {
        return m_epoll->watch(carrier->m_descriptor, carrier, events, operation);
    }

    void forget(DescriptorCarrier *carrier)
    {
        m_epoll->forget(carrier->m_descriptor, carrier);
        if (carrier->m_flushQueued)
            m_flushQueue.removeOne(carrier);
    }

    // Writes what carrier gathered once this pass of the event loop is over.
    void flushLater(DescriptorCarrier *carrier)
    {
        if (m_flushQueue.isEmpty())
            QMetaObject::invokeMethod(this, &Poller::flushQueued, Qt::QueuedConnection);
        m_flushQueue.append(carrier);
    }

    // For one read at a time: what is read is decoded before any handler runs that could read again.
    char *readBuffer() { return m_readBuffer.data(); }

private:
    void flushQueued()
    {
        while (!m_flushQueue.isEmpty()) { // carriers that end meanwhile leave it
            DescriptorCarrier *carrier = m_flushQueue.takeFirst();
            carrier->m_flushQueued = false;
            carrier->flush();
        }
    }

    std::shared_ptr<Epoll> m_epoll;
    QList<DescriptorCarrier *> m_flushQueue;
    std::vector<char> m_readBuffer = std::vector<char>(WireTap::carrierChunkBytes);
};

DescriptorCarrier *DescriptorCarrier::takeOver(QTcpSocket *socket, QObject *parent)
{
    Q_ASSERT(socket->bytesAvailable() == 0);
    socket->flush(); // a peer may have had a 100 Continue to its upgrade
    std::shared_ptr<Poller> poller = socket->bytesToWrite() == 0 ? Poller::ofThisThread() : nullptr;
    // A descriptor of our own for the connection, which outlives the socket's.
    const int descriptor = poller ? ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0) : -1;
    if (descriptor < 0)
        return nullptr;
    auto *carrier = new DescriptorCarrier(descriptor, std::move(poller), parent);
    if (!carrier->m_poller->watch(carrier, EPOLLIN, EPOLL_CTL_ADD)) {
        delete carrier;
        return nullptr;
    }
    carrier->m_interest = EPOLLIN;
    // Closes the socket's descriptor, not the connection, and at once: it would read what is ours. Deleted later:
    // this may run in the middle of the socket's own readyRead().
    socket->abort();
    socket->deleteLater();
    return carrier;
}

DescriptorCarrier::DescriptorCarrier(int descriptor, std::shared_ptr<Poller> poller, QObject *parent)
    : Carrier(parent)
    , m_descriptor(descriptor)
    , m_poller(std::move(poller))
{
    // Frames are small and interactive: Nagle's algorithm would hold a ping behind an unacknowledged message for a
    // delayed ACK (40 ms).
    const int on = 1;
    ::setsockopt(m_descriptor, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

DescriptorCarrier::~DescriptorCarrier()
{
    if (m_descriptor >= 0) {
        m_poller->forget(this);
        ::close(m_descriptor);
    }
}

void DescriptorCarrier::write(const QByteArray &bytes, const QByteArray &tail, Write write)
{
    if (m_descriptor < 0 || bytes.isEmpty())
        return;
    if (!m_unsent.isEmpty()) // queued with the poller, or waiting for the kernel to take more
        return queue(bytes, tail);
    if (write == Write::Gathered) {
        queue(bytes, tail);
        m_flushQueued = true;
        return m_poller->flushLater(this);
    }
    // Now, while nothing waits: to the kernel a pass of the event loop sooner, and queued only if it does not take
    // it all. A broken connection is not ended from here, in the middle of whoever writes: epoll reports it as
    // writable, and flush() ends it then.
    ssize_t sent = 0;
    if (tail.isEmpty()) { // send(): a small echo would pay for sendmsg's piece list
        sent = ::send(m_descriptor, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    } else {
        std::array<iovec, 2> parts {{{const_cast<char *>(bytes.constData()), size_t(bytes.size())},
            {const_cast<char *>(tail.constData()), size_t(tail.size())}}};
        msghdr message {};
        message.msg_iov = parts.data();
        message.msg_iovlen = parts.size();
        sent = ::sendmsg(m_descriptor, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    if (sent < bytes.size() + tail.size()) {
        queue(bytes, tail);
        dropSent(std::max<qint64>(sent, 0));
        watchWritable(true);
    }
    if (sent > 0)
        listener().written(sent); // last: whoever hears it may write again
}

void DescriptorCarrier::queue(const QByteArray &bytes, const QByteArray &tail)
{
    m_unsent.append(bytes); // shared, not copied
    if (!tail.isEmpty())
        m_unsent.append(tail);
    m_unsentBytes += bytes.size() + tail.size();
}

void DescriptorCarrier::hangUp()
{
    if (m_descriptor < 0 || std::exchange(m_hangingUp, true))
        return;
    for (int reads = 0; reads < 16; ++reads) { // what the peer sent and nobody will read, as far as it has come
        if (::read(m_descriptor, m_poller->readBuffer(), size_t(WireTap::carrierChunkBytes)) <= 0)
            break;
    }
    flush(); // and from now on, only writable is watched for
}

void DescriptorCarrier::abort()
{
    if (m_descriptor >= 0)
        end();
}

void DescriptorCarrier::ready(quint32 events)
{
    if ((events & EPOLLOUT) && !flush())
        return;
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
        read();
}

void DescriptorCarrier::read()
{
    char *buffer = m_poller->readBuffer();
    const ssize_t count = ::read(m_descriptor, buffer, size_t(WireTap::carrierChunkBytes));
    if (count > 0)
        return listener().received(QByteArrayView(buffer, count));
    if (count < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    // The peer ended TCP, or the connection broke: what still waits goes only if the kernel takes it now.
    sendUnsent();
    end();
}

bool DescriptorCarrier::flush()
{
    const Sent sent = sendUnsent();
    if (sent == Sent::Broken || (sent == Sent::All && m_hangingUp)) {
        end();
        return false;
    }
    watchWritable(sent == Sent::Some);
    return true;
}

DescriptorCarrier::Sent DescriptorCarrier::sendUnsent()
{
    while (!m_unsent.isEmpty()) {
        std::array<iovec, 64> parts;
        size_t count = 0;
        qint64 offered = 0;
        for (qsizetype offset = m_unsentOffset; const QByteArray &bytes : std::as_const(m_unsent)) {
            if (count == parts.size())
                break;
            parts[count++] = {const_cast<char *>(bytes.constData()) + offset, size_t(bytes.size() - offset)};
            offered += bytes.size() - offset;
            offset = 0;
        }
        msghdr message {};
        message.msg_iov = parts.data();
        message.msg_iovlen = count;
        const ssize_t sent = ::sendmsg(m_descriptor, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0)
            return errno == EAGAIN || errno == EINTR ? Sent::Some : Sent::Broken;
        dropSent(sent);
        listener().written(sent);
        if (sent < offered)
            return Sent::Some;
    }
    return Sent::All;
}

void DescriptorCarrier::dropSent(qint64 bytes)
{
    m_unsentBytes -= bytes;
    while (bytes > 0) {
        const qint64 left = m_unsent.first().size() - m_unsentOffset;
        if (bytes < left) {
            m_unsentOffset += bytes;
            return;
        }
        bytes -= left;
        m_unsent.removeFirst();
        m_unsentOffset = 0;
    }
}

void DescriptorCarrier::watchWritable(bool writable)
{
    const quint32 interest = (m_hangingUp ? 0u : quint32(EPOLLIN)) | (writable ? quint32(EPOLLOUT) : 0u);
    if (interest != m_interest && m_poller->watch(this, interest, EPOLL_CTL_MOD))
        m_interest = interest;
}

void DescriptorCarrier::end()
{
    m_poller->forget(this);
    ::close(std::exchange(m_descriptor, -1));
    m_unsent.clear();
    m_unsentOffset = 0;
    m_unsentBytes = 0;
    listener().gone();
}

} // namespace Duplex
