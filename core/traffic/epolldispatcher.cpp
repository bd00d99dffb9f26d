// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/epolldispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace Duplex {

namespace {
// The dispatcher whose pass this thread runs: its own wake-ups need no system call.
thread_local const EpollDispatcher *t_passing = nullptr;
} // namespace

// The socket notifiers of one descriptor, which epoll watches once for all of them.
class EpollDispatcher::NotifierWatch final : public Epoll::Watcher
{
public:
    NotifierWatch(EpollDispatcher &dispatcher, int descriptor)
        : m_dispatcher(dispatcher)
        , m_descriptor(descriptor)
    { }

    void set(QSocketNotifier::Type type, QSocketNotifier *notifier)
    {
        if (type == QSocketNotifier::Write && !m_notifiers[type] && notifier) {
            m_writableAssumed = true;
            m_dispatcher.m_assumedWritable.push_back(m_descriptor);
        } else if (type == QSocketNotifier::Write && !notifier) {
            m_writableAssumed = false;
        }
        m_notifiers[type] = notifier;
        update();
    }
    QSocketNotifier *notifier(QSocketNotifier::Type type) const { return m_notifiers[type]; }

    // The write notifier's first activation, unasked; epoll watches for writable only if it is still enabled after.
    void tellAssumedWritable()
    {
        if (!std::exchange(m_writableAssumed, false))
            return;
        ++m_telling;
        tell(QSocketNotifier::Write);
        --m_telling;
        update(); // and deletes this if no notifier is left
    }

    void ready(quint32 events) override
    {
        // As Qt's own dispatcher: a hang-up or an error wakes every notifier of the descriptor.
        static constexpr std::array<quint32, 3> wakes {
            EPOLLIN | EPOLLHUP | EPOLLERR, EPOLLOUT | EPOLLHUP | EPOLLERR, EPOLLPRI | EPOLLHUP | EPOLLERR};
        ++m_telling;
        for (size_t type = 0; type < wakes.size(); ++type) {
            if (events & wakes[type])
                tell(QSocketNotifier::Type(type));
        }
        --m_telling;
        eraseIfUnused();
    }

private:
    void tell(QSocketNotifier::Type type)
    {
        if (QSocketNotifier *notifier = m_notifiers[type]) { // a handler before may have unregistered it
            QEvent activation(QEvent::SockAct);
            QCoreApplication::sendEvent(notifier, &activation);
        }
    }

    quint32 interest() const
    {
        return (m_notifiers[QSocketNotifier::Read] ? quint32(EPOLLIN) : 0u)
            | (m_notifiers[QSocketNotifier::Write] && !m_writableAssumed ? quint32(EPOLLOUT) : 0u)
            | (m_notifiers[QSocketNotifier::Exception] ? quint32(EPOLLPRI) : 0u);
    }

    void update()
    {
        const quint32 interest = this->interest();
        if (interest == m_watched)
            return eraseIfUnused();
        if (interest == 0) {
            m_dispatcher.m_epoll->forget(m_descriptor, this);
            m_watched = 0;
            return eraseIfUnused();
        }
        const int operation = m_watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
        if (!m_dispatcher.m_epoll->watch(m_descriptor, this, interest, operation)) {
            qWarning("EpollDispatcher: cannot watch descriptor %d: %s", m_descriptor, std::strerror(errno));
            return;
        }
        m_watched = interest;
    }

    // Deletes this once no notifier is left, unless one of its handlers is still running.
    void eraseIfUnused()
    {
        if (m_telling == 0 && m_notifiers == decltype(m_notifiers) {})
            m_dispatcher.m_notifiers.erase(m_descriptor);
    }

    EpollDispatcher &m_dispatcher;
    int m_descriptor;
    std::array<QSocketNotifier *, 3> m_notifiers {}; // by QSocketNotifier::Type
    quint32 m_watched = 0;                           // what epoll watches for
    bool m_writableAssumed = false;                  // the write notifier waits in m_assumedWritable
    int m_telling = 0;                               // ready() calls running, nested by event loops of handlers
};

EpollDispatcher *EpollDispatcher::create(QObject *parent)
{
    std::shared_ptr<Epoll> epoll = Epoll::create();
    const int wakeDescriptor = epoll ? ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK) : -1;
    if (wakeDescriptor < 0)
        return nullptr;
    auto *dispatcher = new EpollDispatcher(std::move(epoll), wakeDescriptor, parent);
    if (!dispatcher->m_epoll->watch(wakeDescriptor, dispatcher, EPOLLIN, EPOLL_CTL_ADD)) {
        delete dispatcher;
        return nullptr;
    }
    return dispatcher;
}

EpollDispatcher::EpollDispatcher(std::shared_ptr<Epoll> epoll, int wakeDescriptor, QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(std::move(epoll))
    , m_wakeDescriptor(wakeDescriptor)
{ }

EpollDispatcher::~EpollDispatcher()
{
    m_epoll->forget(m_wakeDescriptor, this);
    ::close(m_wakeDescriptor);
}

bool EpollDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    t_passing = this;
    m_interrupted.storeRelaxed(0);
    m_wokenUp.storeRelaxed(0); // a wake-up from now on stops this pass from waiting
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool timers = !flags.testFlag(QEventLoop::X11ExcludeTimers);
    const bool notifiers = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    const bool wait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_wokenUp.loadAcquire()
        && !m_interrupted.loadRelaxed() && (m_assumedWritable.empty() || !notifiers);
    if (wait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.loadRelaxed())
        return false;
    const int timeout = !wait ? 0 : timers ? timeToNextTimer() : -1;
    int handled = 0;
    if (notifiers) {
        // A look without waiting first: the next message of a busy connection is often microseconds away, and a
        // sleep with its wake-up costs more than one more call (docs/benchmarks.md).
        handled += m_epoll->dispatch(0);
        if (handled == 0 && timeout != 0)
            handled += m_epoll->dispatch(timeout);
        handled += tellAssumedWritable();
    } else {
        pollfd wake {m_wakeDescriptor, POLLIN, 0};
        if (::poll(&wake, 1, timeout) > 0)
            ready(EPOLLIN);
    }
    if (timers)
        handled += fireDueTimers();
    return handled > 0;
}

int EpollDispatcher::tellAssumedWritable()
{
    const std::vector<int> descriptors = std::exchange(m_assumedWritable, {}); // handlers may enable more
    for (const int descriptor : descriptors) {
        if (const auto found = m_notifiers.find(descriptor); found != m_notifiers.end())
            found->second->tellAssumedWritable();
    }
    return int(descriptors.size());
}

void EpollDispatcher::ready(quint32)
{
    quint64 count;
    [[maybe_unused]] const ssize_t drained = ::read(m_wakeDescriptor, &count, sizeof count);
}

void EpollDispatcher::wakeUp()
{
    // Once a pass: the first wake-up is enough. From this thread it is not waiting, and the pass will not.
    if (m_wokenUp.testAndSetRelease(0, 1) && t_passing != this) {
        const quint64 one = 1;
        [[maybe_unused]] const ssize_t written = ::write(m_wakeDescriptor, &one, sizeof one);
    }
}

void EpollDispatcher::interrupt()
{
    m_interrupted.storeRelaxed(1);
    wakeUp();
}

void EpollDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int descriptor = int(notifier->socket());
    std::unique_ptr<NotifierWatch> &watch = m_notifiers[descriptor];
    if (!watch)
        watch = std::make_unique<NotifierWatch>(*this, descriptor);
    watch->set(notifier->type(), notifier);
}

void EpollDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const auto found = m_notifiers.find(int(notifier->socket()));
    if (found != m_notifiers.end() && found->second->notifier(notifier->type()) == notifier)
        found->second->set(notifier->type(), nullptr); // may erase found
}

void EpollDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    m_timers.push_back(
        {timerId, interval, timerType, object, Clock::now() + std::chrono::milliseconds(interval), false});
}

bool EpollDispatcher::unregisterTimer(int timerId)
{
    return std::erase_if(m_timers, [timerId](const Timer &timer) { return timer.id == timerId; }) > 0;
}

bool EpollDispatcher::unregisterTimers(QObject *object)
{
    return std::erase_if(m_timers, [object](const Timer &timer) { return timer.object == object; }) > 0;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    for (const Timer &timer : m_timers) {
        if (timer.object == object)
            timers.append(TimerInfo(timer.id, int(timer.interval), timer.type));
    }
    return timers;
}

int EpollDispatcher::remainingTime(int timerId)
{
    const Timer *found = timer(timerId);
    if (!found)
        return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(found->due - Clock::now());
    return int(std::clamp<qint64>(left.count(), 0, INT_MAX));
}

int EpollDispatcher::timeToNextTimer() const
{
    int next = -1;
    const Clock::time_point now = Clock::now();
    for (const Timer &timer : m_timers) {
        if (timer.firing)
            continue;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(timer.due - now);
        const int wait = int(std::clamp<qint64>(left.count(), 0, INT_MAX));
        if (next < 0 || wait < next)
            next = wait;
    }
    return next;
}

int EpollDispatcher::fireDueTimers()
{
    const Clock::time_point now = Clock::now();
    QVarLengthArray<int, 16> due; // by id: a handler may stop or start timers
    for (const Timer &timer : m_timers) {
        if (!timer.firing && timer.due <= now)
            due.append(timer.id);
    }
    for (const int id : due) {
        Timer *firing = timer(id);
        if (!firing || firing->firing)
            continue;
        const auto interval = std::chrono::milliseconds(firing->interval);
        firing->due += interval;
        if (firing->due < now) // it fell behind: no burst to catch up
            firing->due = now + interval;
        firing->firing = true;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(firing->object, &event);
        if (Timer *fired = timer(id))
            fired->firing = false;
    }
    return int(due.size());
}

EpollDispatcher::Timer *EpollDispatcher::timer(int id)
{
    const auto found
        = std::find_if(m_timers.begin(), m_timers.end(), [id](const Timer &timer) { return timer.id == id; });
    return found == m_timers.end() ? nullptr : &*found;
}

} // namespace Duplex
