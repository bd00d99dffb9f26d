// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInteger>

#include <chrono>
#include <memory>
#include <unordered_map>
#include <vector>

#include "traffic/epoll.h"

namespace Duplex {

// The event dispatcher of a thread that serves connections: each pass waits at most once, in epoll_wait, on the
// thread's Epoll, where Qt's socket notifiers and the DescriptorCarriers are watched alike. Qt's own dispatcher would
// poll every notifier each pass, and the carriers' epoll instance as one more: two waits a pass, which cost as much
// as the read and the write of a small echo. Timers keep to the millisecond whatever their type.
class EpollDispatcher final : public QAbstractEventDispatcher, private Epoll::Watcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EpollDispatcher)

public:
    // Null when the process has no descriptor left for it.
    static EpollDispatcher *create(QObject *parent = nullptr);
    ~EpollDispatcher() override;

    const std::shared_ptr<Epoll> &epoll() const { return m_epoll; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    using Clock = std::chrono::steady_clock;
    class NotifierWatch;
    struct Timer
    {
        int id;
        qint64 interval; // ms
        Qt::TimerType type;
        QObject *object;
        Clock::time_point due;
        bool firing; // its handler runs: a nested event loop does not fire it again
    };

    EpollDispatcher(std::shared_ptr<Epoll> epoll, int wakeDescriptor, QObject *parent);
    void ready(quint32 events) override; // the wake-up descriptor's
    int tellAssumedWritable();
    int timeToNextTimer() const; // ms, -1 when no timer waits
    int fireDueTimers();
    Timer *timer(int id);

    std::shared_ptr<Epoll> m_epoll;
    int m_wakeDescriptor;                     // an eventfd: other threads' wake-ups
    QAtomicInteger<quint8> m_wokenUp = 0;     // since the pass began: it does not wait
    QAtomicInteger<quint8> m_interrupted = 0; // since the pass began: it returns before waiting
    std::unordered_map<int, std::unique_ptr<NotifierWatch>> m_notifiers; // by descriptor
    // Descriptors whose write notifier was enabled since the last pass: a socket is writable unless its buffer is
    // full, so the notifier is activated once unasked, and epoll watches for writable only if it stays enabled.
    // QTcpSocket enables it for each write and disables it once the write is done: two epoll_ctl calls a message.
    std::vector<int> m_assumedWritable;
    std::vector<Timer> m_timers; // few: a linear search is the fastest
};

} // namespace Duplex
