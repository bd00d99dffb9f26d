// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/epoll.h"

#include <QAbstractEventDispatcher>
#include <QSocketNotifier>

#include <array>
#include <span>
#include <sys/epoll.h>
#include <unistd.h>

#include "traffic/epolldispatcher.h"

namespace Duplex {

struct Epoll::Batch
{
    std::span<epoll_event> events;
    Batch *outer;
};

std::shared_ptr<Epoll> Epoll::ofThisThread()
{
    if (auto *dispatcher = qobject_cast<EpollDispatcher *>(QAbstractEventDispatcher::instance()))
        return dispatcher->epoll();
    thread_local std::weak_ptr<Epoll> watchedByQt;
    if (std::shared_ptr<Epoll> epoll = watchedByQt.lock())
        return epoll;
    std::shared_ptr<Epoll> epoll = create();
    if (!epoll)
        return nullptr;
    epoll->m_notifier = std::make_unique<QSocketNotifier>(epoll->m_descriptor, QSocketNotifier::Read);
    QObject::connect(epoll->m_notifier.get(), &QSocketNotifier::activated, epoll->m_notifier.get(),
        [raw = epoll.get()] { raw->dispatch(0); });
    watchedByQt = epoll;
    return epoll;
}

std::shared_ptr<Epoll> Epoll::create()
{
    const int descriptor = ::epoll_create1(EPOLL_CLOEXEC);
    return descriptor < 0 ? nullptr : std::shared_ptr<Epoll>(new Epoll(descriptor));
}

Epoll::Epoll(int descriptor)
    : m_descriptor(descriptor)
{ }

Epoll::~Epoll()
{
    m_notifier.reset(); // before the descriptor it watches
    ::close(m_descriptor);
}

bool Epoll::watch(int descriptor, Watcher *watcher, quint32 events, int operation)
{
    epoll_event event {.events = events, .data = {.ptr = watcher}};
    return ::epoll_ctl(m_descriptor, operation, descriptor, &event) == 0;
}

void Epoll::forget(int descriptor, Watcher *watcher)
{
    // Explicitly, not by closing: a forked child may hold the descriptor open, and epoll would report it on.
    ::epoll_ctl(m_descriptor, EPOLL_CTL_DEL, descriptor, nullptr);
    for (Batch *batch = m_batch; batch; batch = batch->outer) {
        for (epoll_event &event : batch->events) {
            if (event.data.ptr == watcher)
                event.data.ptr = nullptr;
        }
    }
}

int Epoll::dispatch(int timeout)
{
    const std::shared_ptr<Epoll> keep = shared_from_this(); // a watcher may take the last owner along
    std::array<epoll_event, 128> ready;
    const int count = ::epoll_wait(m_descriptor, ready.data(), int(ready.size()), timeout);
    Batch batch {std::span(ready.data(), size_t(std::max(count, 0))), m_batch};
    m_batch = &batch;
    for (const epoll_event &event : batch.events) {
        if (auto *watcher = static_cast<Watcher *>(event.data.ptr))
            watcher->ready(event.events);
    }
    m_batch = batch.outer;
    return int(batch.events.size());
}

} // namespace Duplex
