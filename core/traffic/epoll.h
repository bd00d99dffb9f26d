// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <memory>

class QSocketNotifier;

namespace Duplex {

// One thread's epoll instance. Whoever watches a descriptor on it (a DescriptorCarrier, or EpollDispatcher for one
// of Qt's socket notifiers) hears when it is ready, in batches of what one epoll_wait found. Qt's event loop
// watches the instance as one descriptor of its own, unless the thread's event dispatcher is an EpollDispatcher,
// which waits on it directly.
class Epoll final : public std::enable_shared_from_this<Epoll>
{
    Q_DISABLE_COPY_MOVE(Epoll)

public:
    class Watcher
    {
    public:
        virtual void ready(quint32 events) = 0; // EPOLLIN, EPOLLOUT, EPOLLHUP, …
    protected:
        Watcher() = default;
        ~Watcher() = default;
        Q_DISABLE_COPY_MOVE(Watcher)
    };

    // The thread's: its EpollDispatcher's, else one made on first use for Qt's event loop to watch. Null when the
    // process has no descriptor left.
    static std::shared_ptr<Epoll> ofThisThread();
    // One whose owner waits on it with dispatch(). Null when the process has no descriptor left.
    static std::shared_ptr<Epoll> create();
    ~Epoll();

    // operation is EPOLL_CTL_ADD or EPOLL_CTL_MOD; false when epoll refuses (ENOSPC, EPERM for a plain file).
    bool watch(int descriptor, Watcher *watcher, quint32 events, int operation);
    // Also drops the watcher's events that a batch being told still holds: it may be about to be deleted.
    void forget(int descriptor, Watcher *watcher);
    // Waits up to timeout ms (-1: without limit) for ready descriptors and tells their watchers. A watcher may
    // run an event loop of its own, which tells another batch inside this one. Returns how many were ready.
    int dispatch(int timeout);

private:
    struct Batch;
    explicit Epoll(int descriptor);

    int m_descriptor;
    std::unique_ptr<QSocketNotifier> m_notifier; // when Qt's event loop watches this
    Batch *m_batch = nullptr;                    // the innermost being told
};

} // namespace Duplex
