// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/trafficlog.h"

#include <QMetaMethod>

namespace Duplex {

TrafficLog::TrafficLog(qsizetype capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(capacity)
    , m_clockStartedAt(QDateTime::currentDateTimeUtc())
    , m_startedAt(m_clockStartedAt)
{
    m_clock.start();
}

void TrafficLog::append(TrafficRecord record)
{
    if (record.timeUs < 0)
        record.timeUs = nowUs();
    Q_EMIT recorded(record);
    if (m_capacity == 0) { // a log that only announces (the network thread's, the server's)
        ++m_dropped;
        return;
    }
    m_records.push_back(std::move(record));
    m_budget.pushedBack(m_records);
    if (qsizetype(m_records.size()) > m_capacity) {
        m_budget.eraseFront(m_records, 1);
        ++m_dropped;
    }
}

namespace {
const QMetaMethod &recordedSignal()
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&TrafficLog::recorded);
    return signal;
}
} // namespace

bool TrafficLog::isHeard() const
{
    if (m_capacity > 0)
        return true;
    Listeners listeners = m_listeners.load(std::memory_order_relaxed);
    if (listeners == Listeners::Unknown) {
        listeners = isSignalConnected(recordedSignal()) ? Listeners::Some : Listeners::None;
        // Unless a connection made meanwhile (in another thread) said Some, which then stands.
        Listeners unknown = Listeners::Unknown;
        if (!m_listeners.compare_exchange_strong(unknown, listeners, std::memory_order_relaxed))
            listeners = unknown;
    }
    return listeners == Listeners::Some;
}

void TrafficLog::connectNotify(const QMetaMethod &signal)
{
    if (signal == recordedSignal())
        m_listeners.store(Listeners::Some, std::memory_order_relaxed);
}

void TrafficLog::disconnectNotify(const QMetaMethod &)
{
    // Any signal's: disconnecting every signal at once tells with an invalid QMetaMethod.
    m_listeners.store(Listeners::Unknown, std::memory_order_relaxed);
}

void TrafficLog::clear(Clearing next)
{
    m_records.clear();
    m_budget.clear();
    m_dropped = 0;
    m_startedAt = m_clockStartedAt;
    Q_EMIT cleared(next);
}

} // namespace Duplex
